"""Driving one JupyterLab page through `window.jupyterapp` (JupyterLab 4, exposed by the server flag).

Notebooks are found by their path relative to the server root. Each helper waits for what it
started (kernel ready, cells finished) with a timeout, and reads results from the notebook model,
not from pixels: error outputs are outputs whose `output_type` is "error" (a traceback), so harmless
warnings on stderr do not count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# Finds the open notebook panel for a path; prepended to every script below.
FIND = """
const findPanel = (path) => {
  for (const w of window.jupyterapp.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.model) return w;
  }
  return null;
};
"""


def _js(body: str, *, is_async: bool = False) -> str:
    return f"{'async ' if is_async else ''}(arg) => {{ {FIND} {body} }}"


def wait_for_app(page: Page, timeout_s: float) -> None:
    """Wait until JupyterLab has started and restored its shell."""
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined",
                           timeout=timeout_s * 1000)
    page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")


def open_notebook(page: Page, path: str, timeout_s: float) -> Locator:
    """Open `path`, wait for its kernel to be idle; return a locator for the notebook panel."""
    page.evaluate(_js("""
      const app = window.jupyterapp;
      const existing = findPanel(arg);
      const opened = existing || await app.commands.execute('docmanager:open', {path: arg, factory: 'Notebook'});
      app.shell.activateById(opened.id);
      await opened.context.ready;
      await opened.sessionContext.ready;
      opened.node.setAttribute('data-test-path', arg);
    """, is_async=True), path)
    page.wait_for_function(_js("""
      const p = findPanel(arg);
      const kernel = p && p.sessionContext.session && p.sessionContext.session.kernel;
      return !!kernel && kernel.status === 'idle';
    """), arg=path, timeout=timeout_s * 1000, polling=250)
    return page.locator(f'[data-test-path="{path}"]')


def run_all(page: Page, path: str, timeout_s: float) -> None:
    """Run every cell of the notebook (menu command 'notebook:run-all-cells'); wait until it is done."""
    page.evaluate(_js("""
      const p = findPanel(arg);
      window.jupyterapp.shell.activateById(p.id);
      p.__testRun = {done: false};
      window.jupyterapp.commands.execute('notebook:run-all-cells')
        .then(ok => { p.__testRun = {done: true, ok}; })
        .catch(err => { p.__testRun = {done: true, ok: false, error: String(err)}; });
    """), path)
    _wait_until_finished(page, path, "__testRun", timeout_s)


def run_cells(page: Page, path: str, indices: list[int], timeout_s: float) -> None:
    """Run the cells at `indices`, in order, as 'Run selected cell' does; wait until they are done."""
    page.evaluate(_js("""
      const p = findPanel(arg.path);
      const app = window.jupyterapp;
      app.shell.activateById(p.id);
      p.__testCells = {done: false};
      (async () => {
        for (const index of arg.indices) {
          p.content.activeCellIndex = index;
          p.content.deselectAll();
          const ok = await app.commands.execute('notebook:run-cell');
          if (ok === false) return {done: true, ok: false};
        }
        return {done: true, ok: true};
      })().then(r => { p.__testCells = r; })
          .catch(err => { p.__testCells = {done: true, ok: false, error: String(err)}; });
    """), {"path": path, "indices": indices})
    _wait_until_finished(page, path, "__testCells", timeout_s)


def _wait_until_finished(page: Page, path: str, flag: str, timeout_s: float) -> None:
    page.wait_for_function(_js(f"""
      const p = findPanel(arg);
      if (!p || !p.{flag} || !p.{flag}.done) return false;
      const kernel = p.sessionContext.session && p.sessionContext.session.kernel;
      if (!kernel || kernel.status !== 'idle') return false;
      const cells = p.content.model.cells;
      for (let i = 0; i < cells.length; i++) {{
        if (cells.get(i).executionState === 'running') return false;
      }}
      return true;
    """), arg=path, timeout=timeout_s * 1000, polling=500)


def cell_report(page: Page, path: str) -> list[dict[str, Any]]:
    """Return, per code cell: index, execution count, and its error outputs (ename, evalue)."""
    return page.evaluate(_js("""
      const p = findPanel(arg);
      const out = [];
      const cells = p.content.model.cells;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        const errors = cell.outputs.toJSON().filter(o => o.output_type === 'error')
          .map(o => ({ename: o.ename, evalue: o.evalue}));
        out.push({index: i, count: cell.executionCount, trusted: cell.trusted, errors,
                  source: cell.sharedModel.getSource().slice(0, 80)});
      }
      return out;
    """), path)


def set_source(page: Page, path: str, index: int, source: str) -> None:
    """Replace cell `index`'s source, as typing into it would."""
    page.evaluate(_js("findPanel(arg.path).content.model.cells.get(arg.index).sharedModel.setSource(arg.source);"),
                  {"path": path, "index": index, "source": source})


def cell(panel: Locator, index: int) -> Locator:
    """Return the DOM cell at `index` of the notebook panel (all cells are attached: windowing is off)."""
    return panel.locator(".jp-Notebook .jp-Cell").nth(index)


def trust_status(page: Page) -> str:
    """Return the title of the status bar's trust item, e.g. 'Notebook trusted: 12 of 12 code cells trusted.'"""
    item = page.locator(".jp-StatusItem-trust")
    item.wait_for(state="attached", timeout=15_000)
    page.wait_for_function("() => !!document.querySelector('.jp-StatusItem-trust').title", timeout=15_000)
    return item.get_attribute("title") or ""


def close_notebook(page: Page, path: str) -> None:
    """Shut the notebook's kernel down and close its tab without saving."""
    page.evaluate(_js("""
      const p = findPanel(arg);
      if (!p) return;
      try { await p.sessionContext.shutdown(); } catch (e) {}
      p.context.model.dirty = false;
      p.dispose();
    """, is_async=True), path)


def close_all(page: Page) -> None:
    """Shut down the kernels of every open notebook and close them all without saving."""
    page.evaluate("""async () => {
      for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
        if (!w.context) continue;
        try { if (w.sessionContext) await w.sessionContext.shutdown(); } catch (e) {}
        w.context.model.dirty = false;
        w.dispose();
      }
    }""")


def source(page: Page, path: str, index: int) -> str:
    """Return cell `index`'s source as the notebook model holds it (what the editor shows)."""
    return page.evaluate(_js("return findPanel(arg.path).content.model.cells.get(arg.index).sharedModel.getSource();"),
                         {"path": path, "index": index})


def select_in_editor(page: Page, path: str, index: int, line: int, column: int, length: int) -> str:
    """Put cell `index` in edit mode with its editor focused and `length` characters from (line, column)
    (0-based) selected, as a learner selects a word with the mouse; return the selected text."""
    return page.evaluate(_js("""
      const p = findPanel(arg.path);
      window.jupyterapp.shell.activateById(p.id);
      const notebook = p.content;
      notebook.activeCellIndex = arg.index;
      notebook.deselectAll();
      notebook.mode = 'edit';
      const editor = notebook.widgets[arg.index].editor;
      editor.focus();
      editor.setSelection({start: {line: arg.line, column: arg.column},
                           end: {line: arg.line, column: arg.column + arg.length}});
      const lines = editor.model.sharedModel.getSource().split('\\n');
      const selection = editor.getSelection();
      if (selection.start.line !== selection.end.line) return null;
      return lines[selection.start.line].slice(selection.start.column, selection.end.column);
    """), {"path": path, "index": index, "line": line, "column": column, "length": length})


def execution_count(page: Page, path: str, index: int) -> int | None:
    """Return cell `index`'s execution count (None before it has run)."""
    return page.evaluate(_js("return findPanel(arg.path).content.model.cells.get(arg.index).executionCount;"),
                         {"path": path, "index": index})


def wait_until_ran(page: Page, path: str, index: int, after: int | None, timeout_s: float) -> None:
    """Wait until cell `index` has run again (its execution count is no longer `after`) and the kernel is idle."""
    page.wait_for_function(_js("""
      const p = findPanel(arg.path);
      const cell = p.content.model.cells.get(arg.index);
      const kernel = p.sessionContext.session && p.sessionContext.session.kernel;
      return cell.executionCount !== null && cell.executionCount !== arg.after
        && cell.executionState !== 'running' && !!kernel && kernel.status === 'idle';
    """), arg={"path": path, "index": index, "after": after}, timeout=timeout_s * 1000, polling=200)


def outputs(page: Page, path: str, index: int) -> list[dict[str, Any]]:
    """Return cell `index`'s outputs as nbformat JSON (from the model, not the page's pixels)."""
    return page.evaluate(_js("return findPanel(arg.path).content.model.cells.get(arg.index).outputs.toJSON();"),
                         {"path": path, "index": index})
