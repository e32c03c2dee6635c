/** Reads the account's per-ALB quotas with ELBv2 `DescribeAccountLimits`, falling back to the AWS defaults with a warning. */
import { DescribeAccountLimitsCommand, Limit } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ACCOUNT_LIMIT_NAMES, accountLimitsFrom } from "../core/account-limits";
import { DEFAULT_ACCOUNT_LIMITS, Usage } from "../core/quota-dimensions";
import { AwsCallOptions, elbv2Client } from "./aws-clients";
import { errorText, isAccessDenied } from "./aws-errors";

/** The account's per-ALB limits, and a warning when some are the AWS defaults instead of the account's own. */
export interface AccountLimitsReading {
    limits: Usage;
    /** Set when `DescribeAccountLimits` could not be read (e.g. forbidden) or left a dimension out. */
    warning?: string;
    /** True when it could not be read for a reason that may pass (throttling, a network error): worth asking again soon. */
    transient?: boolean;
}

/**
 * The account's per-ALB limits in `options.region`, page by page. Any failure (an IAM policy without
 * `elasticloadbalancing:DescribeAccountLimits` above all) falls back to {@link DEFAULT_ACCOUNT_LIMITS} with a warning
 * naming the cause and the fix, since placement can go on with AWS's defaults: only a raised quota goes unseen.
 */
export async function readAccountLimits(options: AwsCallOptions = {}): Promise<AccountLimitsReading> {
    const client = elbv2Client(options);
    const listed: Limit[] = [];
    try {
        let marker: string | undefined;
        do {
            const page = await client.send(new DescribeAccountLimitsCommand({ Marker: marker }));
            listed.push(...(page.Limits ?? []));
            marker = page.NextMarker;
        } while (marker);
    } catch (err) {
        return {
            limits: DEFAULT_ACCOUNT_LIMITS,
            ...(!isAccessDenied(err) && { transient: true as const }),
            warning:
                `DescribeAccountLimits failed (${errorText(err)}), so the AWS default quotas per ALB were used ` +
                `(${Object.entries(DEFAULT_ACCOUNT_LIMITS)
                    .map(([d, v]) => `${ACCOUNT_LIMIT_NAMES[d as keyof Usage]} ${v}`)
                    .join(", ")}): a quota AWS raised for this account is not seen, and thresholds given as a share ` +
                '("75%") are shares of these defaults. Grant elasticloadbalancing:DescribeAccountLimits (README, IAM) to use the account\'s own.',
        };
    }
    const { limits, defaulted } = accountLimitsFrom(listed);
    return defaulted.length === 0
        ? { limits }
        : {
              limits,
              warning:
                  `DescribeAccountLimits did not list ${defaulted.map(d => ACCOUNT_LIMIT_NAMES[d]).join(", ")}; ` +
                  `the AWS default${defaulted.length > 1 ? "s were" : " was"} used (${defaulted.map(d => DEFAULT_ACCOUNT_LIMITS[d]).join(", ")}).`,
          };
}
