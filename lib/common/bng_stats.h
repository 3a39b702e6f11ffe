/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Counter sets as X-macros: a library lists its counters once, as
 * FOREACH(_) with entries _(name, "explanation"), and gets the struct
 * fields, the console's names and the metrics' help text from that list.
 */
#ifndef BNG_STATS_H
#define BNG_STATS_H

#define BNG_STAT_NAME_(n, h) #n,
#define BNG_STAT_HELP_(n, h) h,

/**
 * Define `const char *name_fn(unsigned int i)` and `help_fn` for the
 * counters of @p FOREACH: the i-th counter's name and explanation, "?"
 * past the end.
 */
#define BNG_STAT_STRINGS(FOREACH, name_fn, help_fn)                                 \
	static const char *const name_fn##_tbl[] = { FOREACH(BNG_STAT_NAME_) };      \
	static const char *const help_fn##_tbl[] = { FOREACH(BNG_STAT_HELP_) };      \
	const char *name_fn(unsigned int i)                                          \
	{                                                                            \
		return i < sizeof(name_fn##_tbl) / sizeof(name_fn##_tbl[0]) ?        \
			       name_fn##_tbl[i] : "?";                               \
	}                                                                            \
	const char *help_fn(unsigned int i)                                          \
	{                                                                            \
		return i < sizeof(help_fn##_tbl) / sizeof(help_fn##_tbl[0]) ?        \
			       help_fn##_tbl[i] : "?";                               \
	}

#endif /* BNG_STATS_H */
