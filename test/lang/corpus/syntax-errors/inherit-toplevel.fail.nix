inherit
