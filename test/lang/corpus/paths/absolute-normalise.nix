map toString [ /a/./b/../c /a/b/.. /.. /a/. ]
