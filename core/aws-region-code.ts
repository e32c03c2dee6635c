/** The shape of an AWS region code, one rule for the provider's Check, the component and the CLI. */

/** Why `value` is not an AWS region code such as `us-east-1` or `us-gov-west-1`, or `undefined`. */
export function regionProblem(value: unknown): string | undefined {
    return typeof value === "string" && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value)
        ? undefined
        : "is not an AWS region code";
}
