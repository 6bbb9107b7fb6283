"out ${''in ${"deep"}''} end"
