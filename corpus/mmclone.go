package corpus

import (
	"fmt"
	"slices"
)

// Freeplane clones. Freeplane saves a clone of a node as an element that
// names the node it shares its content with, and has no text of its own:
// <node ID="ID_23" TREE_ID="ID_12"/>. A clone of a whole subtree has no
// children either; a clone of the node alone keeps children of its own.
// ParseMM builds a clone as the node it clones: its text, rich content,
// note, attributes, icons and links and, when the clone has no children
// of its own, its children. The original may come before or after the
// clone in the file. A TREE_ID that names no node, a clone inside the
// node it clones (which would never end) and clones past the limits are
// errors that cost only that clone.

// mmClones is what the builder keeps to build clones.
type mmClones struct {
	elems   map[string]*mmElem // the elements by ID (the first of a repeated one)
	active  map[*mmElem]bool   // the elements being built, by source
	copying int                // >0 while a clone's copy of a subtree is built
	budget  int                // the nodes that clones may still add
	failed  map[*mmElem]bool   // the clones left out, reported once
}

// mmCloneFactor bounds the nodes that clones may add, as a multiple of the
// nodes in the file: clones of clones could otherwise grow a tree
// exponentially.
const mmCloneFactor = 10

func newMMClones(root *mmElem) mmClones {
	c := mmClones{elems: map[string]*mmElem{}, active: map[*mmElem]bool{}, failed: map[*mmElem]bool{}}
	stack := []*mmElem{root}
	for len(stack) > 0 {
		el := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c.budget += mmCloneFactor
		if _, dup := c.elems[el.id]; el.id != "" && !dup {
			c.elems[el.id] = el
		}
		for i := len(el.children) - 1; i >= 0; i-- {
			stack = append(stack, el.children[i])
		}
	}
	return c
}

// source is the element whose content el shows: the original of a clone,
// else el.
func (el *mmElem) source() *mmElem {
	if el.origin != nil {
		return el.origin
	}
	return el
}

// enter marks el as being built, for cycles, and counts a clone's subtree
// as a copy; the function returned undoes it.
func (b *mmBuilder) enter(el *mmElem) func() {
	src := el.source()
	b.active[src] = true
	if el.origin != nil {
		b.copying++
	}
	if b.copying > 0 {
		b.budget--
	}
	return func() {
		delete(b.active, src)
		if el.origin != nil {
			b.copying--
		}
	}
}

// resolve returns the element to build for the child el, at depth: el
// itself, or for a clone a copy of el with what it takes from the node it
// clones. It returns false, with an error, for a child that is left out.
func (b *mmBuilder) resolve(el *mmElem, depth int) (*mmElem, bool) {
	fail := func(format string, args ...any) (*mmElem, bool) {
		if !b.failed[el] { // a copy of a cloned subtree fails again
			b.failed[el] = true
			b.errs = append(b.errs, &Error{File: b.file, Line: el.line, Err: fmt.Errorf(format, args...)})
		}
		return nil, false
	}
	if depth >= MaxDepth {
		return fail("nodes nested deeper than %d (the subtree is skipped)", MaxDepth)
	}
	if el.treeID == "" {
		return el, true
	}
	orig, err := b.original(el)
	switch {
	case err != nil:
		return fail("%v; the clone is skipped", err)
	case b.active[orig]:
		return fail("a clone of the node %q that holds it would never end; the clone is skipped", el.treeID)
	case b.budget <= 0:
		return fail("clones add more than %d times the nodes of the map; the clone is skipped", mmCloneFactor)
	}
	return el.cloneOf(orig), true
}

// original follows the TREE_IDs from el to the node that is no clone.
func (b *mmBuilder) original(el *mmElem) (*mmElem, error) {
	seen := map[*mmElem]bool{el: true}
	o := el
	for o.treeID != "" {
		next, ok := b.elems[o.treeID]
		switch {
		case !ok:
			return nil, fmt.Errorf("TREE_ID %q names no node of the map", o.treeID)
		case seen[next]:
			return nil, fmt.Errorf("TREE_ID %q leads back to this clone", o.treeID)
		}
		seen[next] = true
		o = next
	}
	return o, nil
}

// cloneOf returns el, a clone of orig, with what it does not have of its
// own taken from orig.
func (el *mmElem) cloneOf(orig *mmElem) *mmElem {
	v := *el
	v.origin = orig
	if !el.hasText {
		v.text, v.hasText = orig.text, orig.hasText
	}
	if len(el.note) == 0 {
		v.note = orig.note
	}
	if el.link == "" {
		v.link = orig.link
	}
	if len(el.icons) == 0 {
		v.icons = orig.icons
	}
	if len(el.arrows) == 0 {
		v.arrows = orig.arrows
	}
	if el.attrs.empty() && !el.marked && !el.kindAttr && el.heading < 0 {
		v.attrs, v.kind, v.kindAttr, v.question, v.heading, v.marked = orig.attrs, orig.kind, orig.kindAttr, orig.question, orig.heading, orig.marked
	}
	if len(el.children) == 0 {
		v.children = orig.children
	}
	return &v
}

// clip returns a with its lists clipped, so that appending to them never
// writes into the lists of the element they came from.
func (a mmUserAttrs) clip() mmUserAttrs {
	return mmUserAttrs{keywords: slices.Clip(a.keywords), examples: slices.Clip(a.examples), meta: slices.Clip(a.meta)}
}
