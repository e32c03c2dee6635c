/**
 * The JavaScript type of a plain value, checked before its rules: a JavaScript or YAML caller is not stopped by the
 * compiler, and a string given for a list must be one problem, not one per character.
 */

/** The type of `value` in words, as a message shows it after the value: `a string`, `an array`, `null`. */
export function typeName(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "an array";
    }
    const type = typeof value;
    return type === "undefined" ? "undefined" : type === "object" ? "an object" : `a ${type}`;
}

/** Whether `value` is an object of named fields: not `null`, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why `value` is not `true` or `false`, or `undefined`. */
export function booleanProblem(value: unknown): string | undefined {
    return typeof value === "boolean" ? undefined : "is not true or false";
}

/** Why `value` is not an array, or `undefined`. */
export function arrayProblem(value: unknown): string | undefined {
    return Array.isArray(value) ? undefined : `is ${typeName(value)}, not an array`;
}

/** Why `value` is not an object of named fields, or `undefined`. */
export function recordProblem(value: unknown): string | undefined {
    return isRecord(value) ? undefined : `is ${typeName(value)}, not an object`;
}

/** Why `value` is not a string, or `undefined`. */
export function stringProblem(value: unknown): string | undefined {
    return typeof value === "string" ? undefined : `is ${typeName(value)}, not a string`;
}
