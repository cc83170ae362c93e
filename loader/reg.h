/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reg.h - keep reg [--instance NAME] import FILE.reg | export [KEY] [FILE.reg]
 * | query KEY: an instance's registry from the host (docs/registry.md).
 * import applies a whole .reg file in one transaction (a malformed file:
 * an error naming the line, nothing imported); export writes what Wine's
 * reg.exe export writes (to standard output without FILE); query lists a
 * key's values and subkeys.  Returns the process exit status.
 */
#ifndef KEEP_LOADER_REG_H
#define KEEP_LOADER_REG_H

int cmd_reg(int argc, char **argv);

#endif /* KEEP_LOADER_REG_H */
