// The declaration in include/CFuzzerDriver.h is all this target is; SwiftPM wants a source file.
#include "CFuzzerDriver.h"
