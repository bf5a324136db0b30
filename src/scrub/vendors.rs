//! Token shapes of more vendors, from their documentation and the rule sets of public secret
//! scanners (formats, not their code). Each rule has a distinctive prefix, which is also its
//! keyword, and samples it must and must not match (checked by a test, drawn by the corpus).
//! They run after the long-standing vendor rules and before the generic ones.

use super::Check;
use super::rules::{Builtin, group, rule};

pub(super) const VENDORS: &[Builtin] = &[
    rule("digitalocean-token", r"do[opr]_v1_[a-f0-9]{64}", &["dop_v1_", "doo_v1_", "dor_v1_"])
        .samples(&["dop_v1_{hex:64}", "doo_v1_{hex:64}"], &["dop_v1_{hex:20}"]),
    rule(
        "shopify-token",
        r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}",
        &["shpat_", "shpss_", "shpca_", "shppa_"],
    )
    .samples(&["shpat_{hex:32}", "shpss_{hex:32}"], &["shpat_{hex:12}"]),
    rule("databricks-token", r"(?-u:\b)dapi[a-f0-9]{32}(?:-\d)?(?-u:\b)", &["dapi"])
        .samples(&["dapi{hex:32}", "dapi{hex:32}-2"], &["dapi{hex:12}", "rapid{hex:32}"]),
    rule(
        "doppler-token",
        r"dp\.(?:pt|st|ct|sa|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}",
        &["dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."],
    )
    .samples(&["dp.pt.{b62:43}", "dp.st.dev.{b62:40}", "dp.sa.{b62:43}"], &["dp.pt.{b62:10}"]),
    rule(
        "planetscale-token",
        r"pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.=-]{32,64}",
        &["pscale_"],
    )
    .samples(&["pscale_pw_{b64url:43}", "pscale_tkn_{b64url:43}"], &["pscale_pw_{b62:8}"]),
    rule("postman-api-key", r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}", &["pmak-"])
        .samples(&["PMAK-{hex:24}-{hex:34}"], &["PMAK-{hex:24}"]),
    rule("pulumi-token", r"(?-u:\b)pul-[a-f0-9]{40}(?-u:\b)", &["pul-"])
        .samples(&["pul-{hex:40}"], &["pul-{hex:12}"]),
    rule("rubygems-token", r"rubygems_[a-f0-9]{48}", &["rubygems_"])
        .samples(&["rubygems_{hex:48}"], &["rubygems_{hex:12}"]),
    rule(
        "sentry-token",
        r"sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_-]{50,}",
        &["sntryu_", "sntrys_"],
    )
    .samples(&["sntryu_{hex:64}", "sntrys_eyJpYXQiOjE3{b64:80}_{b64url:43}"], &["sntryu_{hex:12}"]),
    rule(
        "1password-secret-key",
        r"(?-u:\b)A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?-u:\b)",
        &["a3-"],
    )
    .samples(
        &["A3-{updig:6}-{updig:11}-{updig:5}-{updig:5}-{updig:5}", "A3-{updig:6}-{updig:6}-{updig:5}-{updig:5}-{updig:5}-{updig:5}"],
        &["A3-{updig:6}"],
    ),
    rule("1password-service-token", r"ops_eyJ[A-Za-z0-9+/=_-]{100,}", &["ops_eyj"])
        .samples(&["ops_eyJzaWduSW5BZGRyZXNz{b64:200}"], &["ops_eyJ{b64:10}"]),
    rule(
        "vault-token",
        r"hvs\.[A-Za-z0-9_-]{90,120}|hvb\.[A-Za-z0-9_-]{138,300}",
        &["hvs.", "hvb."],
    )
    .samples(&["hvs.CAESI{b64url:90}", "hvb.AAAAAQ{b64url:150}"], &["hvs.{b62:12}"]),
    rule(
        "terraform-token",
        r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}",
        &[".atlasv1."],
    )
    .samples(&["{alnum:14}.atlasv1.{b64url:67}"], &["x.atlasv1.{b62:10}"]),
    rule("langsmith-api-key", r"lsv2_(?:sk|pt)_[a-f0-9]{32}_[a-f0-9]{10}", &["lsv2_"])
        .samples(&["lsv2_sk_{hex:32}_{hex:10}", "lsv2_pt_{hex:32}_{hex:10}"], &["lsv2_pt_{hex:12}"]),
    rule("cerebras-api-key", r"(?-u:\b)csk-[a-z0-9]{48}(?-u:\b)", &["csk-"])
        .samples(&["csk-{alnum:48}"], &["csk-{alnum:12}"]),
    rule(
        "age-secret-key",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        &["age-secret-key-1"],
    )
    .samples(&["AGE-SECRET-KEY-1{bech:58}"], &["AGE-SECRET-KEY-1{bech:10}"]),
    rule("aws-bedrock-api-key", r"(?-u:\b)ABSK[A-Za-z0-9+/]{109,269}={0,2}", &["absk"])
        .samples(&["ABSKQmVkcm9ja0FQSUtleS{b64:120}"], &["ABSK{b64:20}"]),
    group(
        "azure-ad-client-secret",
        r"(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|\z)",
        &["q~"],
        Check::None,
    )
    .samples(&["{b62:3}{digits:1}Q~{b62:34}"], &["{b62:3}{digits:1}Q~{b62:8}"]),
    rule("mailchimp-api-key", r"(?-u:\b)[0-9a-f]{32}-us\d{1,2}(?-u:\b)", &["-us"])
        .samples(&["{hex:32}-us18"], &["{hex:12}-us18"]),
    rule(
        "grafana-token",
        r"glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
        &["glc_", "glsa_"],
    )
    .samples(&["glc_eyJvIjoi{b64:60}", "glsa_{b62:32}_{hex:8}"], &["glc_{b62:8}"]),
    rule("linear-api-key", r"lin_api_[A-Za-z0-9]{40}", &["lin_api_"])
        .samples(&["lin_api_{b62:40}"], &["lin_api_{b62:10}"]),
    rule(
        "notion-token",
        r"(?-u:\b)ntn_[0-9]{11}[A-Za-z0-9]{35}(?-u:\b)|(?-u:\b)secret_[A-Za-z0-9]{43}(?-u:\b)",
        &["ntn_", "secret_"],
    )
    .check(Check::HasDigit)
    .samples(&["ntn_{digits:11}{b62:35}", "secret_{b62:43}"], &["secret_key_base", "ntn_{digits:4}"]),
    rule(
        "atlassian-token",
        r"(?:ATATT3|ATCTT3)[A-Za-z0-9_=-]{150,250}|(?-u:\b)ATBB[A-Za-z0-9_=.-]{28,}",
        &["atatt3", "atctt3", "atbb"],
    )
    .samples(&["ATATT3xFfGF0{b64url:180}", "ATBB{b62:32}"], &["ATATT3{b62:10}"]),
    rule("heroku-api-key", r"HRKU-AA[0-9A-Za-z_-]{58}", &["hrku-"])
        .samples(&["HRKU-AA{b64url:58}"], &["HRKU-AA{b62:10}"]),
    rule(
        "flyio-token",
        r"fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3}",
        &["fo1_", "fm1", "fm2"],
    )
    .samples(&["fo1_{b64url:43}", "fm2_lJPECAAAAAAAA{b64:120}"], &["fm2_{b62:10}"]),
    rule("mailgun-api-key", r"(?-u:\b)key-[0-9a-f]{32}(?-u:\b)", &["key-"])
        .check(Check::HasDigit)
        .samples(&["key-{hex:32}"], &["key-{hex:12}"]),
    rule("mapbox-secret-token", r"sk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}", &["sk.eyj"])
        .samples(&["sk.eyJ1Ijoi{b64url:60}.{b64url:22}"], &["sk.eyJ{b62:10}"]),
    rule(
        "newrelic-key",
        r"NRAK-[A-Z0-9]{27}|NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_-]{32}",
        &["nrak-", "nrjs-", "nrii-"],
    )
    .samples(&["NRAK-{updig:27}", "NRJS-{hex:19}"], &["NRAK-{updig:10}"]),
    rule(
        "square-token",
        r"(?-u:\b)(?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{43}",
        &["eaaa", "sq0atp-", "sq0csp-"],
    )
    .check(Check::HasDigit)
    .samples(&["EAAA{b64url:60}", "sq0csp-{b64url:43}"], &["EAAA{b62:8}"]),
    rule("replicate-api-token", r"(?-u:\b)r8_[A-Za-z0-9]{37}(?-u:\b)", &["r8_"])
        .samples(&["r8_{b62:37}"], &["r8_{b62:12}"]),
    rule("groq-api-key", r"gsk_[A-Za-z0-9]{52}", &["gsk_"])
        .samples(&["gsk_{b62:52}"], &["gsk_{b62:12}"]),
    rule("perplexity-api-key", r"pplx-[A-Za-z0-9]{48}", &["pplx-"])
        .samples(&["pplx-{b62:48}"], &["pplx-{b62:12}"]),
    rule("xai-api-key", r"(?-u:\b)xai-[A-Za-z0-9]{80}(?-u:\b)", &["xai-"])
        .samples(&["xai-{b62:80}"], &["xai-{b62:12}"]),
    rule(
        "google-oauth-token",
        r"ya29\.[A-Za-z0-9_-]{30,}|GOCSPX-[A-Za-z0-9_-]{28}",
        &["ya29.", "gocspx-"],
    )
    .samples(&["ya29.a0Af{b64url:120}", "GOCSPX-{b64url:28}"], &["ya29.{b62:8}"]),
    rule("alibaba-access-key-id", r"(?-u:\b)LTAI[A-Za-z0-9]{12,20}(?-u:\b)", &["ltai"])
        .samples(&["LTAI{b62:20}"], &["LTAI{b62:6}"]),
    rule("docker-hub-token", r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}", &["dckr_"])
        .samples(&["dckr_pat_{b64url:27}"], &["dckr_pat_{b62:8}"]),
    rule("dynatrace-token", r"dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}", &["dt0c01."])
        .samples(&["dt0c01.{updig:24}.{updig:64}"], &["dt0c01.{updig:10}"]),
    rule("easypost-api-key", r"EZ[AT]K[A-Za-z0-9]{54}", &["ezak", "eztk"])
        .samples(&["EZAK{b62:54}"], &["EZAK{b62:10}"]),
    rule("figma-token", r"figd_[A-Za-z0-9_-]{40}", &["figd_"])
        .samples(&["figd_{b64url:40}"], &["figd_{b62:10}"]),
    rule("flutterwave-key", r"FLW(?:SEC|PUB)K(?:_TEST)?-[a-h0-9]{32}-X", &["flwseck", "flwpubk"])
        .samples(&["FLWSECK_TEST-{hex:32}-X"], &["FLWSECK_TEST-{hex:10}-X"]),
    rule("frameio-token", r"fio-u-[A-Za-z0-9_=-]{64}", &["fio-u-"])
        .samples(&["fio-u-{b64url:64}"], &["fio-u-{b62:10}"]),
    rule("prefect-api-key", r"pnu_[A-Za-z0-9]{36}", &["pnu_"])
        .samples(&["pnu_{b62:36}"], &["pnu_{b62:10}"]),
    rule("readme-api-key", r"rdme_[a-z0-9]{70}", &["rdme_"])
        .samples(&["rdme_{alnum:70}"], &["rdme_{alnum:10}"]),
    rule("sourcegraph-token", r"sgp_[A-Za-z0-9_]{40,}", &["sgp_"])
        .samples(&["sgp_{hex:16}_{hex:40}", "sgp_local_{hex:40}"], &["sgp_{hex:10}"]),
    rule("typeform-token", r"tfp_[A-Za-z0-9_.=-]{59}", &["tfp_"])
        .samples(&["tfp_{b64url:59}"], &["tfp_{b62:10}"]),
    rule("posthog-personal-key", r"phx_[A-Za-z0-9_]{43}", &["phx_"])
        .samples(&["phx_{b62:43}"], &["phx_{b62:10}"]),
    rule("resend-api-key", r"(?-u:\b)re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}(?-u:\b)", &["re_"])
        .check(Check::HasDigit)
        .samples(&["re_{b62:8}_{b62:24}"], &["re_compile_pattern_and_more_words_here"]),
    rule(
        "tailscale-key",
        r"tskey-(?:api-|auth-|client-|webhook-|scim-)?[A-Za-z0-9]{10,}-[A-Za-z0-9]{20,}",
        &["tskey-"],
    )
    .samples(&["tskey-auth-{b62:17}-{b62:33}"], &["tskey-{b62:6}"]),
    rule("render-api-key", r"(?-u:\b)rnd_[A-Za-z0-9]{32}(?-u:\b)", &["rnd_"])
        .samples(&["rnd_{b62:32}"], &["rnd_{b62:10}"]),
    rule("neon-api-key", r"napi_[a-z0-9]{64}", &["napi_"])
        .samples(&["napi_{alnum:64}"], &["napi_{alnum:10}"]),
    rule("pinecone-api-key", r"pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{60,70}", &["pcsk_"])
        .samples(&["pcsk_{b62:5}_{b62:64}"], &["pcsk_{b62:5}"]),
    rule("deno-token", r"dd[pw]_[A-Za-z0-9]{36}", &["ddp_", "ddw_"])
        .samples(&["ddp_{b62:36}"], &["ddp_{b62:10}"]),
    rule(
        "artifactory-token",
        r"(?-u:\b)AKCp[A-Za-z0-9]{69}(?-u:\b)|cmVmdGtu[A-Za-z0-9]{56}",
        &["akcp", "cmvmdgtu"],
    )
    .samples(&["AKCp{b62:69}", "cmVmdGtu{b62:56}"], &["AKCp{b62:10}"]),
    rule("clojars-token", r"CLOJARS_[a-z0-9]{60}", &["clojars_"])
        .samples(&["CLOJARS_{alnum:60}"], &["CLOJARS_{alnum:10}"]),
    rule("contentful-token", r"CFPAT-[A-Za-z0-9_-]{43}", &["cfpat-"])
        .samples(&["CFPAT-{b64url:43}"], &["CFPAT-{b62:10}"]),
    rule("duffel-token", r"duffel_(?:test|live)_[A-Za-z0-9_=-]{43}", &["duffel_"])
        .samples(&["duffel_test_{b64url:43}"], &["duffel_test_{b62:10}"]),
    rule("nuget-api-key", r"(?-u:\b)oy2[a-z0-9]{43}(?-u:\b)", &["oy2"])
        .samples(&["oy2{alnum:43}"], &["oy2{alnum:10}"]),
    rule("openshift-token", r"sha256~[A-Za-z0-9_-]{43}", &["sha256~"])
        .samples(&["sha256~{b64url:43}"], &["sha256~{b62:10}"]),
    rule("scalingo-token", r"tk-us-[A-Za-z0-9_-]{48}", &["tk-us-"])
        .samples(&["tk-us-{b64url:48}"], &["tk-us-{b62:10}"]),
    rule("shippo-token", r"shippo_(?:live|test)_[a-f0-9]{40}", &["shippo_"])
        .samples(&["shippo_live_{hex:40}"], &["shippo_live_{hex:10}"]),
    rule("twitter-bearer-token", r"A{22}[A-Za-z0-9%]{80,}", &["aaaaaaaaaaaaaaaaaaaaaa"])
        .samples(&["AAAAAAAAAAAAAAAAAAAAAA{b62:90}"], &["AAAAAAAAAAAAAAAAAAAAAA{b62:10}"]),
    rule("facebook-access-token", r"(?-u:\b)EAA[MC][A-Za-z0-9]{100,}", &["eaam", "eaac"])
        .samples(&["EAAM{b62:140}"], &["EAAM{b62:20}"]),
    rule(
        "yandex-token",
        r"(?-u:\b)AQVN[A-Za-z0-9_-]{35,38}|(?-u:\b)y[0-3]_[A-Za-z0-9_-]{55}(?-u:\b)",
        &["aqvn", "y0_", "y1_", "y2_", "y3_"],
    )
    .samples(&["AQVN{b64url:36}", "y0_{b64url:55}"], &["AQVN{b62:10}"]),
    rule("cloudflare-origin-ca-key", r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}", &["v1.0-"])
        .samples(&["v1.0-{hex:24}-{hex:146}"], &["v1.0-{hex:24}"]),
    rule("adobe-client-secret", r"(?-u:\b)p8e-[A-Za-z0-9]{32}(?-u:\b)", &["p8e-"])
        .samples(&["p8e-{b62:32}"], &["p8e-{b62:10}"]),
    rule("hubspot-token", r"pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", &["pat-na1-", "pat-eu1-"])
        .samples(&["pat-na1-{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}"], &["pat-na1-{hex:8}"]),
    rule("azure-devops-pat", r"[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]AZDO[A-Za-z0-9]{4}", &["jqqj99"])
        .samples(&["{b62:52}JQQJ99{b62:1}AZDO{b62:4}"], &["{b62:20}JQQJ99"]),
    rule(
        "plaid-token",
        r"access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        &["access-sandbox-", "access-development-", "access-production-"],
    )
    .samples(&["access-sandbox-{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}"], &["access-sandbox-{hex:8}"]),
    rule("netlify-token", r"nfp_[A-Za-z0-9]{36}", &["nfp_"])
        .samples(&["nfp_{b62:36}"], &["nfp_{b62:10}"]),
    rule("harness-token", r"pat\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20}", &["pat."])
        .samples(&["pat.{b64url:22}.{hex:24}.{b62:20}"], &["pat.{b62:10}"]),
    rule("infracost-api-key", r"(?-u:\b)ico-[A-Za-z0-9]{32}(?-u:\b)", &["ico-"])
        .samples(&["ico-{b62:32}"], &["ico-{b62:10}"]),
    rule("octopus-deploy-api-key", r"(?-u:\b)API-[A-Z0-9]{26}(?-u:\b)", &["api-"])
        .check(Check::HasDigit)
        .samples(&["API-{updig:26}"], &["API-{updig:10}"]),
    rule("elevenlabs-api-key", r"(?-u:\b)sk_[a-f0-9]{48}(?-u:\b)", &["sk_"])
        .samples(&["sk_{hex:48}"], &["sk_{hex:12}"]),
    rule("crates-io-token", r"(?-u:\b)cio[A-Za-z0-9]{32}(?-u:\b)", &["cio"])
        .check(Check::HasDigit)
        .samples(&["cio{b62:32}"], &["cio{b62:10}", "precious"]),
    rule("sonarqube-token", r"(?-u:\b)sq[apu]_[a-f0-9]{40}(?-u:\b)", &["sqa_", "sqp_", "squ_"])
        .samples(&["squ_{hex:40}"], &["squ_{hex:10}"]),
    rule("buildkite-token", r"bkua_[a-f0-9]{40}", &["bkua_"])
        .samples(&["bkua_{hex:40}"], &["bkua_{hex:10}"]),
    rule("circleci-token", r"CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}", &["ccipat_"])
        .samples(&["CCIPAT_{b62:22}_{hex:40}"], &["CCIPAT_{b62:22}"]),
    rule("dropbox-token", r"(?-u:\b)sl\.[A-Za-z0-9_-]{130,}", &["sl."])
        .samples(&["sl.B{b64url:140}"], &["sl.{b62:20}"]),
    rule(
        "teams-webhook-url",
        r"https://[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2/[A-Za-z0-9@/_-]{60,}",
        &["webhook.office.com"],
    )
    .samples(
        &["https://acme.webhook.office.com/webhookb2/{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}@{hex:8}/IncomingWebhook/{hex:32}/{hex:8}"],
        &["https://acme.webhook.office.com/webhookb2/"],
    ),
    rule(
        "braintree-token",
        r"access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}",
        &["access_token$"],
    )
    .samples(&["access_token$production${alnum:16}${hex:32}"], &["access_token$production$"]),
    rule("fireworks-api-key", r"(?-u:\b)fw_[A-Za-z0-9]{24}(?-u:\b)", &["fw_"])
        .check(Check::HasDigit)
        .samples(&["fw_{b62:24}"], &["fw_{b62:8}"]),
];
