let stream = n: { head = n; tail = stream (n + 1); }; nth = k: s: if k == 0 then s.head else nth (k - 1) s.tail; in nth 100 (stream 7)
