[ 1 "two" 3.5 true null { a = 1; } [ ] ]
