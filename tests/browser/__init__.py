"""Browser tests: the workbook, assigned copies and tutor reports in JupyterLab 4 and Chromium (Playwright)."""
