(import ./data/sub).z
