builtins.match "/nix/store/([a-z0-9]{32})-(.*)" "/nix/store/6mff30gq0wf23ylaj5hw3w1b669ym3la-a.txt"
