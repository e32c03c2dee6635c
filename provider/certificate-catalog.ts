/**
 * Reads the account's ISSUED ACM certificates with the domains each names, as the Load Balancer Controller's cert
 * discovery does (pkg/certs/cert_discovery.go, loadDomainsForAllCertificates), to estimate a scope's certificates.
 */
import {
    CertificateSummary,
    DescribeCertificateCommand,
    KeyAlgorithm,
    ListCertificatesCommand,
} from "@aws-sdk/client-acm";
import type { CatalogCertificate } from "../core/certificate-matching";
import { AwsCallOptions, acmClient } from "./aws-clients";
import { errorText, isAccessDenied } from "./aws-errors";

/** The certificates read, or why there are none. */
export interface CertificateCatalogReading {
    /** Undefined when ACM could not be read: certificates are then counted one per host. */
    certificates?: CatalogCertificate[];
    warning?: string;
    /** True when ACM could not be read for a reason that may pass (throttling, a network error). */
    transient?: boolean;
}

/**
 * Every ISSUED certificate of the region's ACM, of every key type (ListCertificates alone lists only RSA 1024 and
 * 2048 ones; the controller asks for all, loadAllCertificateARNs), with its domains from the summary's
 * `SubjectAlternativeNameSummaries`. A certificate with more names than the summary holds
 * (`HasAdditionalSubjectAlternativeNames`) is described in full, as the controller describes every one. A failure
 * (an IAM policy without `acm:ListCertificates`, above all) gives no catalog and a warning.
 */
export async function readCertificateCatalog(options: AwsCallOptions = {}): Promise<CertificateCatalogReading> {
    const client = acmClient(options);
    try {
        const summaries: CertificateSummary[] = [];
        let next: string | undefined;
        do {
            const page = await client.send(
                new ListCertificatesCommand({
                    CertificateStatuses: ["ISSUED"],
                    Includes: { keyTypes: Object.values(KeyAlgorithm) },
                    NextToken: next,
                }),
            );
            summaries.push(...(page.CertificateSummaryList ?? []));
            next = page.NextToken;
        } while (next);
        const certificates = await Promise.all(
            summaries.map(async (s): Promise<CatalogCertificate> => {
                if (s.HasAdditionalSubjectAlternativeNames) {
                    const full = await client.send(
                        new DescribeCertificateCommand({ CertificateArn: s.CertificateArn }),
                    );
                    return { arn: s.CertificateArn!, domains: full.Certificate?.SubjectAlternativeNames ?? [] };
                }
                const domains = new Set([
                    ...(s.DomainName ? [s.DomainName] : []),
                    ...(s.SubjectAlternativeNameSummaries ?? []),
                ]);
                return { arn: s.CertificateArn!, domains: [...domains] };
            }),
        );
        return { certificates };
    } catch (err) {
        return {
            ...(!isAccessDenied(err) && { transient: true as const }),
            warning:
                `ACM ListCertificates failed (${errorText(err)}), so each of the scope's hosts was counted as one certificate ` +
                "(a wildcard the ALB already carries could not be recognised). Grant acm:ListCertificates and acm:DescribeCertificate " +
                "(README, IAM) for the estimate the controller's certificate discovery would make.",
        };
    }
}
