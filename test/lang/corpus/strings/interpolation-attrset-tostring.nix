"${{ __toString = self: "ts-${self.v}"; v = "V"; }}"
