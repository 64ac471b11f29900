package corpus

import (
	"fmt"
	"slices"
)

// Freeplane clones. Freeplane saves a clone of a node as an element that
// names the node it shares its content with, and has no text of its own:
// <node ID="ID_23" TREE_ID="ID_12"/> for a clone of a whole subtree (which
// has no children either), <node ID="ID_23" CONTENT_ID="ID_12"> for a
// clone of the node alone, whose children are its own. ParseMM builds a
// clone as the node it clones: its text, rich content, note, attributes,
// icons and links and, for a subtree clone without children of its own,
// its children. The original may come before or after the
// clone in the file. A TREE_ID or CONTENT_ID that names no node, a clone inside the
// node it clones (which would never end) and clones past the limits are
// errors that cost only that clone.

// mmCloneAttrs are the attributes that make a node a clone: TREE_ID,
// REFERENCE_ID (the name Freeplane first gave it) and CONTENT_ID.
var mmCloneAttrs = []string{"TREE_ID", "REFERENCE_ID", "CONTENT_ID"}

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
	copies := el.origin != nil && !el.ownKids
	if copies {
		b.copying++
	}
	if b.copying > 0 {
		b.budget--
	}
	return func() {
		delete(b.active, src)
		if copies {
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
	orig, kids, err := b.original(el)
	switch {
	case err != nil:
		return fail("%v; the clone is skipped", err)
	case b.active[orig]:
		return fail("a clone of the node %q that holds it would never end; the clone is skipped", el.treeID)
	case b.budget <= 0:
		return fail("clones add more than %d times the nodes of the map; the clone is skipped", mmCloneFactor)
	}
	return el.cloneOf(orig, kids), true
}

// original follows the clone attributes from el to the node that is no
// clone. It returns that node, and the element whose children el shows:
// the first on the way that is a clone of the node alone (CONTENT_ID) or
// has children of its own, else the original.
func (b *mmBuilder) original(el *mmElem) (orig, kids *mmElem, err error) {
	seen := map[*mmElem]bool{el: true}
	o := el
	for o.treeID != "" {
		if kids == nil && (o.cloneBy == "CONTENT_ID" || len(o.children) > 0) {
			kids = o
		}
		next, ok := b.elems[o.treeID]
		switch {
		case !ok:
			return nil, nil, fmt.Errorf("%s %q names no node of the map", o.cloneBy, o.treeID)
		case seen[next]:
			return nil, nil, fmt.Errorf("%s %q leads back to this clone", o.cloneBy, o.treeID)
		}
		seen[next] = true
		o = next
	}
	if kids == nil {
		kids = o
	}
	return o, kids, nil
}

// cloneOf returns el, a clone of orig showing the children of kids, with
// what it does not have of its own taken from orig.
func (el *mmElem) cloneOf(orig, kids *mmElem) *mmElem {
	v := *el
	v.origin, v.children, v.ownKids = orig, kids.children, kids == el
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
	return &v
}

// clip returns a with its lists clipped, so that appending to them never
// writes into the lists of the element they came from.
func (a mmUserAttrs) clip() mmUserAttrs {
	return mmUserAttrs{keywords: slices.Clip(a.keywords), examples: slices.Clip(a.examples), meta: slices.Clip(a.meta)}
}
