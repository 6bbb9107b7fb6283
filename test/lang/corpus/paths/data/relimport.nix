import ./sub
