"""Arrow keys for the radio buttons of quizzes and scenarios in JupyterLab: a real radio group, by keyboard.

It also makes sure a quick Check (or Say this) is graded on the choice the screen shows (the last point below).

Two things stopped a keyboard user from choosing with the arrow keys, as every radio group allows:
1. ipywidgets 8 draws RadioButtons as <input type="radio"> elements with no shared `name`, so the browser does
   not treat them as one group (each is a Tab stop, and arrow keys do nothing), and the model changes only on a
   click;
2. JupyterLab handles its keyboard shortcuts in a keydown listener on the document (bubbling phase): in command
   mode the arrow keys move between cells, even with the focus on a radio button inside an output, and
   ipywidgets' radio buttons (unlike its text boxes) do not stop the event.

The fix is a small script, shown with each quiz and scenario. Inside an element of class `course-keys` (the
quiz and scenario widget boxes) it
- names each radio box's buttons as one group (`name`, and role="radiogroup" labelled by the widget's label),
  so the group is one Tab stop and a screen reader says "1 of 4";
- listens on the document in the capture phase (before JupyterLab) for keys pressed on a radio button or a
  checkbox: arrow keys, Home and End move to the next, previous, first or last button and choose it (a click,
  as ipywidgets expects), and the event goes no further, so JupyterLab never sees it; Space is left to the
  browser (it ticks a checkbox) but not passed on to JupyterLab either;
- gives those controls and the "Need a hint?" button a focus ring (ipywidgets' text boxes show focus only by a
  faint change of border colour);
- holds a click on a tracked button inside `course-keys` (Check, Say this; by mouse, Enter or Space) until the
  kernel has the choice the screen shows, then clicks it again. ipywidgets 8 throttles each model's state
  updates: while one is unanswered (until the kernel goes idle after it), later changes wait in the browser and
  go after it; a Button's click is a message of its own, sent at once. So a quick "arrow, arrow, Enter on Check"
  could reach the kernel as the click before the choice, and the answer was graded on the first option (seen
  under a heavy load; a slow kernel would do it to a learner too). `track_choice` makes the kernel acknowledge
  each choice of a radio group in a class on its button (`course-kernel-choice-2`, or `-none`; on the button,
  because ipywidgets 8 redraws a radio group's buttons, losing the focus, on any change the kernel makes to
  it); the script compares that class with the radio button checked beside it and waits (the button marked
  aria-busy) until they agree, at most HOLD_MS, then lets the click go on. A click made after the kernel has
  acknowledged the choice reaches the kernel after it: a kernel takes its messages in order.
  Number and text boxes are held the same way (`track_typed`): they send their value once, as they lose the
  focus or on Enter (`continuous_update=False`), and the kernel acknowledges the text it has in a class on the
  button (`course-kernel-typed-` and a short key of the text, `typed_key`, which the script computes the same
  way from the box on screen). A Check pressed while the box's value still waits in the browser (the box's
  previous value not yet answered, e.g. on a busy kernel) is held until the kernel has what the box shows.
Nothing else on the page is touched. The script is idempotent (a window flag) and is shown only in a running
kernel, as an application/javascript output: JupyterLab runs it for outputs made in the learner's own session
(and in a notebook `course assign` signed as trusted).
"""

from __future__ import annotations

from typing import Any

from course.exercises.hints import live_kernel

CLASS = "course-keys"
TRACKED = "course-choice"  # a button told by the kernel which choice it has of the radio group beside it
ACK = "course-kernel-choice-"  # + the index the kernel has, or "none"
TYPED = "course-typed"  # a text box whose value the kernel acknowledges on the tracked button beside it
TYPED_ACK = "course-kernel-typed-"  # + typed_key(the text the kernel has)
HOLD_MS = 30_000  # the longest a click waits for the kernel; then it goes on (a slow kernel, not a dead button)
SCRIPT = r"""(() => {
  if (window.courseArrowKeys) return;
  window.courseArrowKeys = true;
  const style = document.createElement('style');  // a focus ring that shows on every control (WCAG 2.4.7)
  style.textContent = '.%s :focus-visible, .course-hint-button:focus-visible '
    + '{ outline: 2px solid #0072B2 !important; outline-offset: 2px; box-shadow: 0 0 0 3px #0072B2 !important; }';
  document.head.appendChild(style);
  let groups = 0;
  const group = (box) => {
    if (box.dataset.courseGroup) return;
    box.dataset.courseGroup = 'course-radio-' + (++groups);
    box.setAttribute('role', 'radiogroup');
    const label = box.parentElement && box.parentElement.querySelector(':scope > .widget-label');
    if (label) {
      label.id = label.id || box.dataset.courseGroup + '-label';
      box.setAttribute('aria-labelledby', label.id);
    }
  };
  const radios = (box) => Array.from(box.querySelectorAll('input[type="radio"]'));
  const prepare = (target) => {
    const box = target.closest('.course-keys .widget-radio-box');
    if (!box) return null;
    group(box);
    for (const radio of radios(box)) radio.name = box.dataset.courseGroup;  // new buttons after a re-render too
    return box;
  };
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'radio') prepare(event.target);
  }, true);
  const moves = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1};
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || !target.closest('.%s')) return;
    if (!['radio', 'checkbox'].includes(target.type) || event.altKey || event.ctrlKey || event.metaKey) return;
    const box = target.type === 'radio' ? prepare(target) : null;
    if (box && (event.key in moves || event.key === 'Home' || event.key === 'End')) {
      const all = radios(box), at = all.indexOf(target);
      const to = event.key === 'Home' ? 0 : event.key === 'End' ? all.length - 1
        : (at + moves[event.key] + all.length) %% all.length;
      event.preventDefault();
      all[to].focus();
      all[to].click();  // ipywidgets sets its model on a click
      event.stopPropagation();
    } else if (event.key === ' ' || event.key in moves) {
      event.stopPropagation();  // the browser still does what the key means; JupyterLab does not see it
    }
  }, true);
  // Hold a click on a button until the kernel has the radio choice and the text shown beside it (see the docstring).
  const typedKey = (text) => {  // 32-bit FNV-1a of the text's UTF-16 code units, as keyboard.typed_key
    let key = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      key = Math.imul(key ^ (unit & 0xff), 0x01000193) >>> 0;
      key = Math.imul(key ^ (unit >> 8), 0x01000193) >>> 0;
    }
    return key.toString(16).padStart(8, '0');
  };
  window.courseTypedKey = typedKey;
  const typedBox = (area) => area.querySelector('.%s input, .%s textarea');
  const stale = (button) => {  // the kernel's choice or text (classes on the button) is not the one on screen
    const area = button.closest('.widget-vbox');
    if (!area || !button.classList.contains('%s')) return false;
    const group = area.querySelector('.widget-radio-box'), typed = typedBox(area);
    const ack = (prefix) => Array.from(button.classList).some((name) => name.startsWith(prefix));
    if (group && ack('%s')) {
      const index = radios(group).findIndex((radio) => radio.checked);
      if (!button.classList.contains('%s' + (index < 0 ? 'none' : index))) return true;
    }
    return !!typed && ack('%s') && !button.classList.contains('%s' + typedKey(typed.value));
  };
  const send = (button) => {  // a box still being typed in (a click that did not move the focus) sends its text
    const area = button.closest('.widget-vbox'), typed = area && typedBox(area);
    if (typed && typed === document.activeElement) typed.dispatchEvent(new Event('change', {bubbles: true}));
  };
  const released = new WeakSet();
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('.%s button');
    if (!button || released.delete(button)) return;
    send(button);
    if (!stale(button)) return;
    event.preventDefault();
    event.stopImmediatePropagation();  // ipywidgets does not see this click; it gets the one below
    if (button.getAttribute('aria-busy') === 'true') return;  // already waiting: one click is enough
    button.setAttribute('aria-busy', 'true');
    const area = button.closest('.widget-vbox'), started = Date.now();
    const observer = new MutationObserver(() => release());
    const release = () => {
      if (stale(button) && Date.now() - started < %d) return;
      observer.disconnect();
      clearInterval(timer);
      button.removeAttribute('aria-busy');
      released.add(button);
      button.click();
    };
    const timer = setInterval(release, 250);  // also ends the wait after HOLD_MS
    observer.observe(area, {attributes: true, attributeFilter: ['class', 'checked'], subtree: true});
  }, true);
})();""" % (CLASS, CLASS, TYPED, TYPED, TRACKED, ACK, ACK, TYPED_ACK, TYPED_ACK,  # noqa: UP031 - an f-string
                CLASS, HOLD_MS)  # would double every brace


def ack_class(index: int | None) -> str:
    """The class that says which choice of a radio group the kernel has: its index, or "none"."""
    return f"{ACK}{'none' if index is None else index}"


def track_choice(radios: Any, button: Any) -> None:
    """Make the kernel tell ``button`` (an ipywidgets Button) each choice of ``radios`` (RadioButtons), in a class.

    The script holds a click on the button until that class matches the radio button checked on screen. The
    button and the radio group must be the only ones of their kind in their VBox.
    """
    def show(_change: object = None) -> None:
        with button.hold_sync():
            for old in [c for c in button._dom_classes if c.startswith(ACK)]:
                button.remove_class(old)
            button.add_class(ack_class(radios.index))

    button.add_class(TRACKED)
    show()
    radios.observe(show, names="index")


def typed_key(text: str) -> str:
    """A short key of ``text`` for a class name: 32-bit FNV-1a of its UTF-16 code units, 8 hex digits.

    The script computes the same key from the box on screen (JavaScript strings are UTF-16).
    """
    key = 0x811C9DC5
    for byte in text.encode("utf-16-le", "surrogatepass"):
        key = ((key ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{key:08x}"


def track_typed(box: Any, button: Any) -> None:
    """Make the kernel tell ``button`` the text of ``box`` (an ipywidgets Text) it has, in a class.

    The script holds a click on the button until that class matches the text in the box on screen. The box
    should have ``continuous_update=False`` (one message as the learner leaves it, not one per keystroke). The
    box and the button must be the only ones of their kind in their VBox.
    """
    def show(_change: object = None) -> None:
        with button.hold_sync():
            for old in [c for c in button._dom_classes if c.startswith(TYPED_ACK)]:
                button.remove_class(old)
            button.add_class(f"{TYPED_ACK}{typed_key(box.value)}")

    box.add_class(TYPED)
    button.add_class(TRACKED)
    show()
    box.observe(show, names="value")


def enable_arrow_keys() -> bool:
    """Show the script in a running kernel (return True), else do nothing (return False)."""
    if not live_kernel():
        return False
    from IPython.display import display

    display({"application/javascript": SCRIPT, "text/plain": ""}, raw=True)
    return True
