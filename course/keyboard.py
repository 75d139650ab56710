"""Arrow keys for the radio buttons of quizzes and scenarios in JupyterLab: a real radio group, by keyboard.

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
  faint change of border colour).
Nothing else on the page is touched. The script is idempotent (a window flag) and is shown only in a running
kernel, as an application/javascript output: JupyterLab runs it for outputs made in the learner's own session
(and in a notebook `course assign` signed as trusted).
"""

from __future__ import annotations

from course.exercises.hints import live_kernel

CLASS = "course-keys"
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
})();""" % (CLASS, CLASS)  # noqa: UP031 - the script's braces would all need doubling in an f-string


def enable_arrow_keys() -> bool:
    """Show the script in a running kernel (return True), else do nothing (return False)."""
    if not live_kernel():
        return False
    from IPython.display import display

    display({"application/javascript": SCRIPT, "text/plain": ""}, raw=True)
    return True
