/* greet.h: the interface of libgreet, the library of the compile/relink example. */
const char *greet_message(void);
