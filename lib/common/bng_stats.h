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
#define BNG_ENUM_NAME_(e, n, h) n,
#define BNG_ENUM_HELP_(e, n, h) h,

/* The two functions over tables built by @p NAME and @p HELP from @p FOREACH. */
#define BNG_STRINGS_(FOREACH, NAME, HELP, name_fn, help_fn)                         \
	static const char *const name_fn##_tbl[] = { FOREACH(NAME) };                \
	static const char *const help_fn##_tbl[] = { FOREACH(HELP) };                \
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

/**
 * Define `const char *name_fn(unsigned int i)` and `help_fn` for the
 * counters of @p FOREACH: the i-th counter's name and explanation, "?"
 * past the end.
 */
#define BNG_STAT_STRINGS(FOREACH, name_fn, help_fn)                                 \
	BNG_STRINGS_(FOREACH, BNG_STAT_NAME_, BNG_STAT_HELP_, name_fn, help_fn)

/**
 * The same for an enumeration listed as _(ENUM_SUFFIX, "name", "explanation")
 * whose values count from 0 in the list's order (reasons, errors).
 */
#define BNG_ENUM_STRINGS(FOREACH, name_fn, help_fn)                                 \
	BNG_STRINGS_(FOREACH, BNG_ENUM_NAME_, BNG_ENUM_HELP_, name_fn, help_fn)

#endif /* BNG_STATS_H */
