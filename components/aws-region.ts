/**
 * The AWS region the component passes to its `BalancerAssignment` when the caller gave none: stack config
 * `aws:region` (what `@pulumi/aws` itself reads), then `AWS_REGION`, then `AWS_DEFAULT_REGION`.
 */
export function resolveRegion(configured: string | undefined, env: NodeJS.ProcessEnv): string {
    const region = configured || env.AWS_REGION || env.AWS_DEFAULT_REGION;
    if (!region) {
        throw new Error('region: no AWS region found in the region argument, stack config aws:region, AWS_REGION or AWS_DEFAULT_REGION; ' +
            'set one, e.g. "pulumi config set aws:region us-east-1" or region: "us-east-1".');
    }
    return region;
}
