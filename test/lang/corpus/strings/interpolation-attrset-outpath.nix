"${{ outPath = "here"; }}"
