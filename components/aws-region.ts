/** The AWS region a `ScopeIngress` gives its assignment: argument, explicit aws provider, stack config, environment. */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The AWS region the component passes to its `BalancerAssignment` when the caller gave none: stack config
 * `aws:region` (what `@pulumi/aws` itself reads), then `AWS_REGION`, then `AWS_DEFAULT_REGION`.
 */
export function resolveRegion(configured: string | undefined, env: NodeJS.ProcessEnv): string {
    const region = defaultRegion(configured, env);
    if (region === undefined) {
        throw new Error(
            "region: no AWS region found in the region argument, stack config aws:region, AWS_REGION or AWS_DEFAULT_REGION; " +
                'set one, e.g. "pulumi config set aws:region us-east-1" or region: "us-east-1".',
        );
    }
    return region;
}

/** The region {@link resolveRegion} gives, or `undefined` when none of its sources sets one. */
export function defaultRegion(configured: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
    return configured || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/**
 * The region of the `aws` provider a component's children will use, when the caller passed one (in
 * `providers`, `provider`, or through a parent): the ALBs live where that provider writes the records,
 * not where the stack's default provider points. `undefined` without an explicit provider.
 */
export function explicitProviderRegion(
    opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.Output<string | undefined> | undefined {
    const providers = opts?.providers;
    const given = [
        opts?.provider,
        ...(Array.isArray(providers) ? providers : Object.values(providers ?? {})),
        opts?.parent?.getProvider("aws:route53/record:Record"),
    ];
    // isInstance, not instanceof: a provider built by the program's own copy of @pulumi/aws is a different
    // class from the one this package loads whenever npm did not dedupe the two.
    return given.find((p): p is aws.Provider => aws.Provider.isInstance(p))?.region;
}
