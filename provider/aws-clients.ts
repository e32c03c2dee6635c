/** One AWS SDK client per service and configuration per process, so adaptive retry backs off across every call. */
import { ACMClient } from "@aws-sdk/client-acm";
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
        // per-account token bucket, and backing off together (one client per process, see below) is
        // what lets many scopes deploy at once.
        retryMode: "adaptive",
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        // Without throwOnRequestTimeout the SDK only logs a slow request and keeps waiting for it.
        requestHandler: { requestTimeout, connectionTimeout: requestTimeout, throwOnRequestTimeout: true },
    };
}

type SharedClient = ElasticLoadBalancingV2Client | Route53Client | ACMClient;

const clients = new Map<string, SharedClient>();

/**
 * One client per service and configuration in this process, so that every create of a deployment shares
 * one adaptive rate limiter: once AWS throttles one call, the others slow down too instead of each
 * burning its own retries. Cached only in the running process, never captured by a serialized provider.
 * The endpoint variables are part of the key because the SDK reads them when a client is built.
 */
function shared<C extends SharedClient>(service: string, options: AwsCallOptions, build: () => C): C {
    const env = process.env;
    const key = JSON.stringify([
        service,
        options.region,
        options.maxAttempts,
        options.requestTimeoutMs,
        env.AWS_ENDPOINT_URL,
        env.AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2,
        env.AWS_ENDPOINT_URL_ROUTE_53,
        env.AWS_ENDPOINT_URL_ACM,
    ]);
    let client = clients.get(key) as C | undefined;
    if (client === undefined) {
        client = build();
        clients.set(key, client);
    }
    return client;
}

/** The process's ELBv2 client for `options`. */
export function elbv2Client(options: AwsCallOptions = {}): ElasticLoadBalancingV2Client {
    return shared("elbv2", options, () => new ElasticLoadBalancingV2Client(clientConfig(options)));
}

/** The process's Route53 client for `options` (Route53 is global; region only selects the signing region). */
export function route53Client(options: AwsCallOptions = {}): Route53Client {
    return shared("route53", options, () => new Route53Client(clientConfig(options)));
}

/** The process's ACM client for `options`: reads the certificates the controller would discover for a scope's hosts. */
export function acmClient(options: AwsCallOptions = {}): ACMClient {
    return shared("acm", options, () => new ACMClient(clientConfig(options)));
}
