"""The tutor's internals behind the `course` verbs (see course.commands): roster, assign, run, gradebook, reports."""
