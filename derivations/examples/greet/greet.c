/* greet.c: libgreet's implementation; GREET_VERSION changes the code but not the interface. */
#include <stdio.h>
#include "greet.h"

const char *greet_message(void) {
    static char buf[64];
    snprintf(buf, sizeof buf, "Hello from libgreet %d", GREET_VERSION);
    return buf;
}

#ifdef GREET_EXTRA
/* An addition to the interface: programs built against the old stubs still link, but the stubs change. */
int greet_extra(void) { return 42; }
#endif
