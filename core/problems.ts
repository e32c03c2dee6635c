/** The one way bad input is reported: each problem names the field as the user wrote it, the value, the rule and the fix. */

/** One bad input. */
export interface Problem {
    /** The field as the user wrote it: `balancers.maxRules`, `paths[2].pathType`, `--max-rules`, `stack config scope-ingress:publicBalancer`. */
    field: string;
    /** The value given; `undefined` for a missing field, which the message then shows as missing rather than as a value. */
    value: unknown;
    /** What is wrong, read after the value: `is not a visibility`, `must be at least 0`. */
    rule: string;
    /** What to do about it. */
    fix: string;
}

/** Longest rendering of a value in a message; a whole annotation map or manifest helps no one. */
const MAX_VALUE_LENGTH = 120;

/** `<field>: <value> <rule>; <fix>`: the one line every problem is shown as. */
export function renderProblem({ field, value, rule, fix }: Problem): string {
    return value === undefined ? `${field}: ${rule}; ${fix}` : `${field}: ${showValue(value)} ${rule}; ${fix}`;
}

/** A value as the user would have written it (JSON), cut short when long. */
export function showValue(value: unknown): string {
    let text: string;
    try {
        // JSON would show NaN and Infinity as null, and cannot show a bigint (a CLI number past 2^53, shown as typed).
        text =
            typeof value === "function"
                ? "a function"
                : typeof value === "number" || typeof value === "bigint"
                  ? String(value)
                  : (JSON.stringify(value) ?? String(value));
    } catch {
        text = String(value);
    }
    return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/**
 * Collects every problem of one call, so that one error lists them all instead of stopping at the first.
 * Checks return the rule broken or `undefined` (e.g. `balancerNameProblem`), which {@link check} takes as is.
 */
export class Problems {
    private readonly found: Problem[] = [];

    /** Every problem recorded, in the order found. */
    get list(): readonly Problem[] {
        return this.found;
    }

    /** Records `field`'s problem when `rule` is defined; returns whether the value passed. */
    check(field: string, value: unknown, rule: string | undefined, fix: string): boolean {
        if (rule === undefined) {
            return true;
        }
        this.found.push({ field, value, rule, fix });
        return false;
    }

    /** Records the problems another collector found (e.g. a nested resolution). */
    addAll(problems: Iterable<Problem>): void {
        this.found.push(...problems);
    }

    /** Throws one {@link InvalidInputError} listing every problem, when there is any. */
    throwIfAny(subject?: string): void {
        if (this.found.length > 0) {
            throw new InvalidInputError(this.found, subject);
        }
    }
}

/**
 * Runs `resolve` with `problems` when the caller collects them (so its problems join the caller's one
 * error), or with a collector of its own whose problems are thrown at the end when it does not.
 */
export function collecting<T>(problems: Problems | undefined, resolve: (problems: Problems) => T): T {
    const collector = problems ?? new Problems();
    const result = resolve(collector);
    if (problems === undefined) {
        collector.throwIfAny();
    }
    return result;
}

/**
 * Bad input: every problem of one call. With a subject (`ScopeIngress "checkout"`) the message is a header
 * and one indented line per problem; without one (the CLI, which names no resource) one line per problem.
 */
export class InvalidInputError extends Error {
    constructor(
        readonly problems: readonly Problem[],
        readonly subject?: string,
    ) {
        const lines = problems.map(renderProblem);
        super(subject === undefined ? lines.join("\n") : `${subject} has invalid arguments:\n  ${lines.join("\n  ")}`);
        this.name = "InvalidInputError";
    }
}
