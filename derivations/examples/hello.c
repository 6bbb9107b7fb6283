/* hello: the program tk's first example builds with the host C compiler. */
#include <stdio.h>

int main(void) {
    printf("Hello from tk!\n");
    return 0;
}
