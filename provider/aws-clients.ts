import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { Route53Client } from "@aws-sdk/client-route-53";

/**
 * How the provider talks to AWS. Credentials and endpoint come from the default chain and the standard
 * `AWS_ENDPOINT_URL` variables, never from here, so nothing secret is ever captured into Pulumi state.
 */
export interface AwsCallOptions {
    /** AWS region of the ALBs. Default: the SDK's default chain (`AWS_REGION`, profile). */
    region?: string;
    /** Attempts per call, retries included, with the SDK's adaptive retry mode (absorbs `Throttling`). Default 8. */
    maxAttempts?: number;
    /** Milliseconds one HTTP request may take before it counts as failed (and is retried). Default 10000. */
    requestTimeoutMs?: number;
}

/** Default attempts per AWS call: enough to ride out a Describe* throttling burst. */
export const DEFAULT_MAX_ATTEMPTS = 8;

function clientConfig(options: AwsCallOptions) {
    const requestTimeout = options.requestTimeoutMs ?? 10_000;
    return {
        region: options.region,
        // Adaptive mode adds a client-side rate limiter on top of backoff: Describe* calls share a
        // per-account token bucket, and backing off together is what lets many scopes deploy at once.
        retryMode: "adaptive",
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        // Without throwOnRequestTimeout the SDK only logs a slow request and keeps waiting for it.
        requestHandler: { requestTimeout, connectionTimeout: requestTimeout, throwOnRequestTimeout: true },
    };
}

/** A new ELBv2 client; created per call site so that no client is ever captured by a serialized provider. */
export function createElbv2Client(options: AwsCallOptions = {}): ElasticLoadBalancingV2Client {
    return new ElasticLoadBalancingV2Client(clientConfig(options));
}

/** A new Route53 client (Route53 is global; region only selects the signing region). */
export function createRoute53Client(options: AwsCallOptions = {}): Route53Client {
    return new Route53Client(clientConfig(options));
}
