# flags: --eval --strict --argstr who world
{ who }: "hello ${who}"
