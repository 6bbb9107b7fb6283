let mk = n: rec { v = n; next = mk (v + 1); }; in (mk 1).next.next.v
