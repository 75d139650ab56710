# The typical time to put a complaint right: the MEDIAN hours from received to resolved, closed complaints only
timed = data.with_hours("complaints", ___, ___)   # the hours from which time to which time?
closed = data.filled(timed, ___)                  # an open complaint has no time to resolve yet: which column is filled in once it is closed?
answer = ___(closed, "hours")                     # data.median or data.average: the typical case, or a figure a few very slow complaints pull up?
