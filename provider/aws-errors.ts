/**
 * How AWS SDK errors are recognised and reported: one place, so every message names the AWS error code
 * the same way.
 */

/** True for the ELBv2 error a missing ALB produces (`LoadBalancerNotFound`, modelled as `...Exception` by the SDK). */
export function isNotFound(err: unknown): boolean {
    const name = (err as { name?: string })?.name;
    return name === "LoadBalancerNotFound" || name === "LoadBalancerNotFoundException";
}

/** The AWS error code (the SDK's error name) or network error code (e.g. ECONNREFUSED), when there is one. */
export function errorCode(err: unknown): string | undefined {
    const e = err as { name?: string; code?: string };
    return e?.name && e.name !== "Error" ? e.name : e?.code;
}

/** A one-line description of an AWS SDK or network error, with its code. */
export function errorText(err: unknown): string {
    const e = err as { message?: string };
    const code = errorCode(err);
    return code ? `${code}: ${e.message ?? String(err)}` : String(e?.message ?? err);
}

/** True for a refusal by IAM (`AccessDenied` and its variants): asking again within minutes gives the same answer. */
export function isAccessDenied(err: unknown): boolean {
    const code = errorCode(err) ?? "";
    const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    return /AccessDenied|UnauthorizedOperation|NotAuthorized/.test(code) || status === 403;
}
