/** Prose for an 80-column terminal: the width the CLI's default output fits, and lines wrapped to it. */
import { Help } from "commander";

/** The width the default output fits: the classic terminal, and what commander wraps help to in a pipe. */
export const TERMINAL_WIDTH = 80;

/**
 * `text` wrapped at spaces to fit {@link TERMINAL_WIDTH}, each continuation line indented by `indent`.
 * Commander's wrapping, the one its help uses, so that help and reports break lines alike.
 */
export function wrapToTerminal(text: string, indent = ""): string {
    return new Help()
        .boxWrap(text, TERMINAL_WIDTH - indent.length)
        .split("\n")
        .map((line, i) => (i === 0 ? line : `${indent}${line}`))
        .join("\n");
}
