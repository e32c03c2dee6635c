/** Measures the pool the CLI was given, in the region its flags or the SDK's default chain name. */
import { elbv2Client } from "../provider/aws-clients";
import { BalancerMeasurement } from "../core/balancer-load";
import type { AccountLimitsReading } from "../provider/account-limits";
import type { CertificateCatalogReading } from "../provider/certificate-catalog";
import { MeasurementCache } from "../provider/measurement-cache";
import { measurePoolQuotas } from "../provider/quota-measurement";
import type { PoolArguments } from "./pool-arguments";

/** One measurement of a pool, and the region it was taken in. */
export interface PoolMeasurement {
    region: string;
    measurements: BalancerMeasurement[];
    /** The account's per-ALB limits (DescribeAccountLimits, read beside the pool), or AWS's defaults with a warning. */
    accountLimits: AccountLimitsReading;
    /** The account's ISSUED ACM certificates, read with `withCatalog` (empty otherwise, or with a warning when ACM refused). */
    catalog: CertificateCatalogReading;
}

/**
 * Measures the pool with the engine, in the region the flags name or else the AWS SDK's default chain
 * (`AWS_REGION`, the profile). The region is settled first: without one every ALB would fail with the
 * same "Region is missing", which says less than asking for `--region` once. With `withCatalog` (default false)
 * ACM's certificates are read beside it, as the provider reads them, in the same rounds.
 */
export async function measurePool(args: PoolArguments, withCatalog = false): Promise<PoolMeasurement> {
    const region = await resolveRegion(args.region);
    return {
        region,
        ...(await measurePoolQuotas(args.pool.candidates, { region }, new MeasurementCache(), withCatalog)),
    };
}

async function resolveRegion(explicit: string | undefined): Promise<string> {
    try {
        return await elbv2Client({ region: explicit }).config.region();
    } catch {
        throw new Error(
            "no AWS region: pass --region (e.g. --region us-east-1), set AWS_REGION, or set aws:region in the --stack-config file.",
        );
    }
}
