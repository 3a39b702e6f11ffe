/* SPDX-License-Identifier: BSD-3-Clause */
#include "bng_test.h"
const char bng_test_name[] = "x10836";
int bng_test_register(void) { return 0; }
