/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Service table. Later libraries add their service here (and only here).
 */
#include <stdio.h>
#include <string.h>

#include "bngd_acl.h"
#include "bngd_services.h"
#include "fib.h"
#include "nat.h"

static const struct sess_service *const services[] = {
	&nat_service,
	&fib_forward_service,
	&bngd_acl_service,
	&sess_counters_service,
};

unsigned int
bngd_services_count(void)
{
	return RTE_DIM(services);
}

const struct sess_service *
bngd_service_at(unsigned int i)
{
	return i < RTE_DIM(services) ? services[i] : NULL;
}

int
bngd_service_known(const char *name)
{
	for (unsigned int i = 0; i < RTE_DIM(services); i++)
		if (strcmp(services[i]->name, name) == 0)
			return 1;
	return 0;
}

const char *
bngd_services_list(void)
{
	static char buf[256];
	size_t off = 0;

	if (buf[0] != '\0')
		return buf;
	for (unsigned int i = 0; i < RTE_DIM(services) && off < sizeof(buf); i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? ", " : "",
					services[i]->name);
	return buf;
}

void
bngd_services_default(char names[16][16], uint32_t *n)
{
	snprintf(names[0], 16, "forward");
	snprintf(names[1], 16, "counters");
	*n = 2;
}
