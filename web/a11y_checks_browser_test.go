package web_test

import (
	"context"
	"encoding/json"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"

	"github.com/chromedp/chromedp"
)

// emulateMedia emulates CSS media features (forced-colors,
// prefers-reduced-motion) given as name, value pairs; a feature with
// value "" is no longer emulated.
func emulateMedia(pairs ...string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{}}
		for i := 0; i+1 < len(pairs); i += 2 {
			p.Features = append(p.Features, &emulation.MediaFeature{Name: pairs[i], Value: pairs[i+1]})
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return err
	})
}

// targetsJS lists the controls smaller than 24×24 CSS px that neither sit
// in a line of text nor have 24 px of room around them (WCAG 2.5.8). A
// check box or radio button wrapped in its label counts as the label.
const targetsJS = `(() => {
	const sel = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
	const seen = new Set(), targets = [];
	for (let e of document.querySelectorAll(sel)) {
		if ((e.type === "checkbox" || e.type === "radio") && e.closest("label")) e = e.closest("label");
		if (seen.has(e) || !e.getClientRects().length || getComputedStyle(e).visibility === "hidden") continue;
		if (e.closest(".visually-hidden, .offscreen, [hidden]")) continue;
		seen.add(e);
		targets.push({e, r: e.getBoundingClientRect()});
	}
	const inline = (e) => getComputedStyle(e).display === "inline" && e.parentElement &&
		[...e.parentElement.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
	const small = (t) => t.r.width < 24 - 0.01 || t.r.height < 24 - 0.01;
	const cx = (r) => r.left + r.width / 2, cy = (r) => r.top + r.height / 2;
	const dist = (x, y, r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
	const bad = [];
	for (const a of targets) {
		if (!small(a) || inline(a.e) || a.e.closest(".result") === a.e) continue;
		const x = cx(a.r), y = cy(a.r);
		const clash = targets.find(b => b !== a && !b.e.contains(a.e) && !a.e.contains(b.e) &&
			(small(b) ? Math.hypot(cx(b.r) - x, cy(b.r) - y) < 24 : dist(x, y, b.r) < 12));
		if (clash) bad.push(a.e.tagName.toLowerCase() + "." + String(a.e.className).trim().replace(/\s+/g, ".") +
			" " + Math.round(a.r.width) + "×" + Math.round(a.r.height) + " «" + a.e.textContent.trim().slice(0, 20) + "»");
	}
	return JSON.stringify(bad);
})()`

// checkTargets fails the state for each control too small and too close
// to another (WCAG 2.5.8), at 1280×720 and at 320 px.
func (c *a11yChecker) checkTargets(s a11yState) {
	c.atWidths(s, targetsJS, func(w int64, bad []string) {
		for _, b := range bad {
			c.t.Errorf("%s at %d px: target %s is under 24×24 CSS px and within 24 px of another", s.name, w, b)
		}
	})
}

// atWidths evaluates js, which returns a JSON list of strings, at
// 1280×720 and at 320 px wide, and hands found each width's list; the
// viewport is 1280×720 again after.
func (c *a11yChecker) atWidths(s a11yState, js string, found func(w int64, list []string)) {
	t := c.t
	for _, w := range []int64{1280, 320} {
		if err := a11yDo(c.ctx, chromedp.EmulateViewport(w, 720)); err != nil {
			t.Fatal(err)
		}
		found(w, c.evalList(s, js))
	}
	if err := a11yDo(c.ctx, chromedp.EmulateViewport(1280, 720)); err != nil {
		t.Fatal(err)
	}
}

// checkForcedColors tabs round the state again as Windows' high contrast
// themes show it (forced-colors: active, where box shadows and
// background colours are dropped): every control must still show where
// the focus is (WCAG 2.4.7).
func (c *a11yChecker) checkForcedColors(s a11yState) {
	if err := a11yDo(c.ctx, emulateMedia("forced-colors", "active")); err != nil {
		c.t.Fatal(err)
	}
	c.checkKeyboard(s, " in forced colours")
	// An empty value ends the emulation (an empty list of features
	// would be left out of the command and change nothing).
	if err := a11yDo(c.ctx, emulateMedia("forced-colors", "")); err != nil {
		c.t.Fatal(err)
	}
}

// textSpacingJS applies WCAG 1.4.12's text spacing (line height 1.5,
// paragraph spacing 2 em, letter spacing 0.12 em, word spacing 0.16 em)
// and lists the elements that then clip their text: an overflow hidden
// box whose content no longer fits (the clamped preview of a collapsed
// answer is meant to clip, and says so with its 全文を表示 button; a form
// field scrolls its value).
const textSpacingJS = `(() => {
	if (!window.__spacing) {
		// A constructed style sheet: the page's CSP refuses a <style>.
		window.__spacing = new CSSStyleSheet();
		window.__spacing.replaceSync("* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; } p { margin-bottom: 2em !important; }");
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, window.__spacing];
	}
	if (parseFloat(getComputedStyle(document.body).letterSpacing) <= 0) return JSON.stringify(["(the spacing did not apply)"]);
	const bad = [];
	for (const e of document.body.querySelectorAll("*")) {
		if (!e.getClientRects().length || e.matches("input, textarea, select") ||
			e.closest(".visually-hidden, .offscreen, .result.long:not(.expanded) .answer")) continue;
		const st = getComputedStyle(e);
		if (!/hidden|clip/.test(st.overflowX + st.overflowY)) continue;
		if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
			bad.push(e.tagName.toLowerCase() + "." + String(e.className).trim().replace(/\s+/g, ".") + " «" + e.textContent.trim().slice(0, 20) + "»");
	}
	return JSON.stringify(bad);
})()`

// checkTextSpacing fails the state when WCAG 1.4.12's text spacing clips
// text or makes the page scroll sideways, at 1280×720 and at 320 px.
func (c *a11yChecker) checkTextSpacing(s a11yState) {
	t := c.t
	c.atWidths(s, textSpacingJS, func(w int64, bad []string) {
		for _, b := range bad {
			t.Errorf("%s at %d px with text spacing: %s clips its text", s.name, w, b)
		}
		if over, err := runStep(c.ctx, chromedp.Evaluate[string](overflowJS)); err != nil || over != "0" {
			t.Errorf("%s at %d px with text spacing: the page scrolls sideways by %s px (%v)", s.name, w, over, err)
		}
	})
	if err := a11yDo(c.ctx, jsStep(`(document.adoptedStyleSheets = document.adoptedStyleSheets.filter(x => x !== window.__spacing), delete window.__spacing, true)`)); err != nil {
		t.Fatal(err)
	}
}

// hiddenLiveJS lists the polite live regions (role status, aria-live
// polite) that are not rendered: a screen reader misses a message written
// into a region at the moment it is shown, so such a region must be in
// the page, empty, before its message comes (WCAG 4.1.3). An alert is
// announced when it appears and may stay hidden until then.
const hiddenLiveJS = `JSON.stringify([...document.querySelectorAll("[role=status], [aria-live=polite]")]
	.filter(e => e.getAttribute("role") !== "alert" && !e.checkVisibility())
	.map(e => "#" + e.id + " " + e.outerHTML.slice(0, 80)))`

// checkLiveRegions fails the state for each polite live region that is
// not rendered (hiddenLiveJS).
func (c *a11yChecker) checkLiveRegions(s a11yState) {
	for _, h := range c.evalList(s, hiddenLiveJS) {
		c.t.Errorf("%s: live region %s is hidden: a message written as it is shown goes unannounced", s.name, h)
	}
}

// evalList evaluates js, which returns a JSON list of strings.
func (c *a11yChecker) evalList(s a11yState, js string) []string {
	raw, err := runStep(c.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		c.t.Fatalf("%s: %v", s.name, err)
	}
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		c.t.Fatal(err)
	}
	return list
}

// motionJS lists what moves under prefers-reduced-motion: reduce: CSS
// animations, transitions of position or size, smooth scrolling.
const motionJS = `JSON.stringify([
	...document.getAnimations().filter(a => !(a instanceof CSSTransition) ||
		/transform|top|left|right|bottom|width|height|margin/.test(a.transitionProperty)).map(a => "animation " + (a.animationName || a.transitionProperty)),
	...[document.documentElement, document.body].filter(e => getComputedStyle(e).scrollBehavior === "smooth").map(e => "smooth scrolling on " + e.tagName.toLowerCase()),
	...[...document.querySelectorAll("*")].filter(e => getComputedStyle(e).animationName !== "none").map(e => "animation on " + e.tagName.toLowerCase() + "." + e.className),
])`

// checkMotion fails the state when something moves although the user
// asked for reduced motion (WCAG 2.3.3's intent; the page has no
// animation to pause, 2.2.2).
func (c *a11yChecker) checkMotion(s a11yState) {
	if err := a11yDo(c.ctx, emulateMedia("prefers-reduced-motion", "reduce")); err != nil {
		c.t.Fatal(err)
	}
	for _, m := range c.evalList(s, motionJS) {
		c.t.Errorf("%s with reduced motion: %s", s.name, m)
	}
	if err := a11yDo(c.ctx, emulateMedia("prefers-reduced-motion", "")); err != nil {
		c.t.Fatal(err)
	}
}
