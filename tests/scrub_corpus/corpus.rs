//! A generated corpus: secrets of many families embedded in realistic transcript text, and
//! secret-free lines that look dangerous (ids, digests, base64, minified code, prose about
//! tokens). Generated from a seed, so every run measures the same thing; no secret-shaped
//! literal sits in the source.

/// splitmix64: small, seedable, good enough to draw characters.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(crate) fn from(&mut self, alphabet: &str, len: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..len).map(|_| chars[self.below(chars.len())]).collect()
    }
}

pub(crate) const B62: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(crate) const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub(crate) const B64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
pub(crate) const HEX: &str = "0123456789abcdef";
pub(crate) const UPPER_DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS: &str = "0123456789";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";

/// One planted secret: the text it sits in, and the part that must not survive.
pub(crate) struct Planted {
    pub family: &'static str,
    pub text: String,
    pub secret: String,
}

fn pem(rng: &mut Rng, kind: &str) -> String {
    let lines: Vec<String> = (0..6).map(|_| rng.from(B64, 64)).collect();
    format!(
        "-----BEGIN {kind}PRIVATE KEY-----\n{}\n-----END {kind}PRIVATE KEY-----",
        lines.join("\n")
    )
}

fn password(rng: &mut Rng) -> String {
    format!(
        "{}{}{}{}",
        rng.from(LOWER, 4),
        rng.from(DIGITS, 2),
        rng.pick(&["!", "#", "%", "-", "."]),
        rng.from(B62, 6)
    )
}

/// Draws one secret of a family (the value a leak would expose).
pub(crate) type Draw = fn(&mut Rng) -> String;

/// Every family: its name and how to draw one secret.
pub(crate) fn families() -> Vec<(&'static str, Draw)> {
    vec![
        ("huggingface", |r| format!("hf_{}", r.from(B62, 34))),
        ("anthropic", |r| {
            format!("sk-ant-api03-{}AA", r.from(B64URL, 93))
        }),
        ("openai-legacy", |r| {
            format!("sk-{}T3BlbkFJ{}", r.from(B62, 20), r.from(B62, 20))
        }),
        ("openai-project", |r| {
            format!("sk-proj-{}", r.from(B64URL, 120))
        }),
        ("openrouter", |r| format!("sk-or-v1-{}", r.from(HEX, 64))),
        ("github-classic", |r| format!("ghp_{}", r.from(B62, 36))),
        ("github-fine-grained", |r| {
            format!("github_pat_{}_{}", r.from(B62, 22), r.from(B62, 59))
        }),
        ("github-oauth", |r| format!("gho_{}", r.from(B62, 36))),
        ("github-app", |r| format!("ghs_{}", r.from(B62, 36))),
        ("github-refresh", |r| format!("ghr_{}", r.from(B62, 76))),
        ("gitlab", |r| format!("glpat-{}", r.from(B64URL, 20))),
        ("slack-token", |r| {
            format!(
                "xoxb-{}-{}-{}",
                r.from(DIGITS, 12),
                r.from(DIGITS, 13),
                r.from(B62, 24)
            )
        }),
        ("slack-webhook", |r| {
            format!(
                "https://hooks.slack.com/services/T{}/B{}/{}",
                r.from(UPPER_DIGITS, 8),
                r.from(UPPER_DIGITS, 10),
                r.from(B62, 24)
            )
        }),
        ("stripe", |r| format!("sk_live_{}", r.from(B62, 99))),
        ("aws-access-key-id", |r| {
            format!("AKIA{}", r.from(UPPER_DIGITS, 16))
        }),
        ("aws-secret-access-key", |r| r.from(B64, 40)),
        ("gcp-api-key", |r| format!("AIza{}", r.from(B64URL, 35))),
        ("gcp-service-account", |r| pem(r, "")),
        ("azure-storage-key", |r| format!("{}==", r.from(B64, 86))),
        ("azure-sas", |r| {
            format!("{}%2B{}%3D", r.from(B62, 20), r.from(B62, 22))
        }),
        ("twilio", |r| format!("SK{}", r.from(HEX, 32))),
        ("sendgrid", |r| {
            format!("SG.{}.{}", r.from(B64URL, 22), r.from(B64URL, 43))
        }),
        ("npm", |r| format!("npm_{}", r.from(B62, 36))),
        ("pypi", |r| {
            format!("pypi-AgEIcHlwaS5vcmc{}", r.from(B64URL, 70))
        }),
        ("discord-bot", |r| {
            format!(
                "M{}.{}.{}",
                r.from(B64URL, 25),
                r.from(B64URL, 6),
                r.from(B64URL, 38)
            )
        }),
        ("discord-webhook", |r| {
            format!(
                "https://discord.com/api/webhooks/{}/{}",
                r.from(DIGITS, 18),
                r.from(B64URL, 68)
            )
        }),
        ("telegram-bot", |r| {
            format!("{}:AA{}", r.from(DIGITS, 10), r.from(B64URL, 33))
        }),
        ("supabase", |r| format!("sbp_{}", r.from(HEX, 40))),
        ("jwt", |r| {
            format!(
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{}.{}",
                r.from(B64URL, 60),
                r.from(B64URL, 43)
            )
        }),
        ("rsa-private-key", |r| pem(r, "RSA ")),
        ("openssh-private-key", |r| pem(r, "OPENSSH ")),
        ("url-password", password),
        ("database-password", password),
        ("env-password", password),
        ("json-secret-member", |r| r.from(B62, 24)),
        ("random-api-key", |r| r.from(B62, 40)),
    ]
}

/// Put a secret of `family` into a realistic context.
pub(crate) fn plant(rng: &mut Rng, family: &'static str, secret: String) -> Planted {
    let user = rng.pick(&["app", "admin", "deploy", "svc_etl"]).to_string();
    let text = match family {
        "slack-webhook" | "discord-webhook" => format!(
            "curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"deploy done\"}}' {secret}"
        ),
        "aws-secret-access-key" => match rng.below(3) {
            0 => format!(
                "[default]\naws_access_key_id = AKIA{}\naws_secret_access_key = {secret}\nregion = eu-west-1",
                rng.from(UPPER_DIGITS, 16)
            ),
            1 => format!("AWS_REGION=us-east-1\nAWS_SECRET_ACCESS_KEY={secret}\nHOME=/root"),
            _ => format!(
                "{{\"Credentials\": {{\"AccessKeyId\": \"ASIA{}\", \"SecretAccessKey\": \"{secret}\", \"Expiration\": \"2025-06-01T12:00:00Z\"}}}}",
                rng.from(UPPER_DIGITS, 16)
            ),
        },
        "gcp-service-account" => serde_json::json!({
            "type": "service_account",
            "project_id": "ml-intern-prod",
            "private_key_id": rng.from(HEX, 40),
            "private_key": format!("{secret}\n"),
            "client_email": "runner@ml-intern-prod.iam.gserviceaccount.com",
        })
        .to_string(),
        "azure-storage-key" => format!(
            "DefaultEndpointsProtocol=https;AccountName=mlstore;AccountKey={secret};EndpointSuffix=core.windows.net"
        ),
        "azure-sas" => format!(
            "az storage blob download --blob-url 'https://mlstore.blob.core.windows.net/ckpt/model.bin?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-07-01T00:00:00Z&sig={secret}'"
        ),
        "rsa-private-key" | "openssh-private-key" => {
            format!("$ cat ~/.ssh/id_deploy\n{secret}\n$ chmod 600 ~/.ssh/id_deploy")
        }
        "url-password" => format!(
            "git remote add origin https://{user}:{secret}@git.internal.example.com/ml/intern.git"
        ),
        "database-password" => match rng.below(3) {
            0 => format!("export DATABASE_URL=postgres://{user}:{secret}@db.internal:5432/traces"),
            1 => {
                format!("mongosh \"mongodb+srv://{user}:{secret}@cluster0.ab1cd.mongodb.net/test\"")
            }
            _ => format!(
                "Server=tcp:sql.example.net,1433;Database=runs;User Id={user};Password={secret};Encrypt=true"
            ),
        },
        "env-password" => {
            let name = rng.pick(&[
                "DB_PASSWORD",
                "REDIS_PASSWORD",
                "SMTP_PASS_PASSWORD",
                "ADMIN_PASSWORD",
                "POSTGRES_PASSWORD",
            ]);
            format!(
                "$ env | sort\nEDITOR=vim\n{name}={secret}\nLANG=C.UTF-8\nPATH=/usr/local/bin:/usr/bin"
            )
        }
        "json-secret-member" => {
            let name = rng.pick(&[
                "client_secret",
                "apiKey",
                "password",
                "refresh_token",
                "webhookSecret",
            ]);
            serde_json::json!({"service": "billing", "region": "eu", *name: secret, "retries": 3})
                .to_string()
        }
        "random-api-key" => match rng.below(2) {
            0 => format!("Use this key to connect: {secret} (it expires tomorrow)"),
            _ => format!("$ cat .vendor_key\n{secret}\n$ ./run.sh"),
        },
        _ => match rng.below(6) {
            0 => format!("Here is my token {secret}, please use it for the upload."),
            1 => format!(
                "curl -s -H \"Authorization: Bearer {secret}\" https://api.example.com/v1/models"
            ),
            2 => {
                let var = rng.pick(&["API_TOKEN", "SERVICE_KEY", "AUTH", "CREDS", "TOKEN"]);
                format!("$ env\nSHELL=/bin/bash\n{var}={secret}\nTERM=xterm-256color")
            }
            3 => format!(
                "settings:\n  endpoint: https://api.example.com\n  key: \"{secret}\"\n  timeout: 30"
            ),
            4 => serde_json::json!({"command": "upload", "args": ["--token", secret, "--private"]})
                .to_string(),
            _ => format!(
                "Traceback (most recent call last):\n  File \"run.py\", line 12, in <module>\n    client = Client(\"{secret}\")\nValueError: invalid credentials"
            ),
        },
    };
    Planted {
        family,
        text,
        secret,
    }
}

/// Secret-free lines, each drawn from a template that looks dangerous to a naive scanner.
pub(crate) fn clean_line(rng: &mut Rng, index: usize) -> String {
    let hex40 = rng.from(HEX, 40);
    let uuid = format!(
        "{}-{}-4{}-a{}-{}",
        rng.from(HEX, 8),
        rng.from(HEX, 4),
        rng.from(HEX, 3),
        rng.from(HEX, 3),
        rng.from(HEX, 12)
    );
    let payload_len = 300 + rng.below(3000);
    match index % 38 {
        32 => format!("Loading {}/{}-{}x{}B-v0.{} from the hub", rng.pick(&["mistral-community", "meta-llama", "Qwen", "deepseek-ai"]), rng.pick(&["Mixtral", "Llama", "Qwen2"]), 1 + rng.below(8), 7 + rng.below(60), rng.below(9)),
        33 => format!("{{\"file_path\": \"/workspace/app/lib/MyApp/Controllers/UserAccountController{}Test.exs\", \"old_string\": \"x\"}}", rng.below(9)),
        34 => "    self.token = nextchar\n    password = password + b'\\x00' * (16 - len(password))\n    HOME = \"/home/user\"".to_string(),
        35 => format!("/workspace/proj/.venv/lib/python3.{}/site-packages/{}-{}.{}.dist-info/licenses/LICENSE.md", 10 + rng.below(4), rng.pick(&["idna", "urllib3", "charset_normalizer"]), rng.below(9), rng.below(30)),
        36 => format!("at nextResolveSimple (/workspace/app/node_modules/tsx/dist/register-{}.cjs:4:{})", rng.from(B62, 8), rng.below(2000)),
        37 => format!("var buf bytes.Buffer\nsecretName := fmt.Sprintf(\"%s-tls\", name)\ntokenizer := NewTokenizer(cfg.Vocab{})", rng.below(9)),
        0 => format!("commit {hex40}\nAuthor: Dev <dev@example.com>\n\n    Fix flaky test in io module"),
        1 => format!("{} {} Merge pull request #{} from org/feature-{}", &hex40[..7], rng.from(HEX, 7), rng.below(9000), rng.below(99)),
        2 => format!("session {uuid} resumed; parent {uuid}"),
        3 => format!("sha256:{}{}", rng.from(HEX, 32), rng.from(HEX, 32)),
        4 => format!("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA{}", rng.from(B64, payload_len)),
        5 => serde_json::json!({"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": rng.from(B64, payload_len)}}).to_string(),
        6 => format!("!function(e,t){{\"object\"==typeof exports?module.exports=t():e.{}=t()}}(this,function(){{var n={{}};function r(e){{return n[e]||(n[e]={{exports:{{}}}})}}return r({})}});", rng.from(LOWER, 6), rng.below(100)),
        7 => format!("\"integrity\": \"sha512-{}==\"", rng.from(B64, 86)),
        8 => format!("checksum = \"{}{}\"", rng.from(HEX, 32), rng.from(HEX, 32)),
        9 => serde_json::json!({"id": format!("msg_01{}", rng.from(B62, 22)), "type": "message", "role": "assistant", "content": [{"type": "tool_use", "id": format!("toolu_01{}", rng.from(B62, 22)), "name": "Bash", "input": {"command": "cargo test"}}]}).to_string(),
        10 => serde_json::json!({"requestId": format!("req_011C{}", rng.from(B62, 20)), "uuid": uuid, "parentUuid": uuid}).to_string(),
        11 => format!("The token limit for this model is {} tokens; set max_tokens={} to stay under it.", 4096 * (1 + rng.below(8)), 1024),
        12 => "Set the password in the settings page, then rotate the API key from the dashboard.".to_string(),
        13 => "token = os.environ[\"HF_TOKEN\"]\nclient = InferenceClient(token=token, api_key=api_key)".to_string(),
        14 => format!("const secret = generateSecret({});\nlet token = await getToken(user);\npassword_hash = bcrypt.hash(password)", rng.below(64)),
        15 => format!("AbstractSingletonProxyFactoryBean{} extends BaseFactoryImpl{}", rng.below(9), rng.below(9)),
        16 => format!("web-{}-{} 1/1 Running 0 {}m", rng.from(HEX, 10), rng.from(LOWER, 5), rng.below(90)),
        17 => format!("   Compiling serde_json v1.0.{}\n    Finished `release` profile [optimized] target(s) in {}.{}s", rng.below(200), rng.below(90), rng.below(99)),
        18 => format!("https://huggingface.co/datasets/smolagents/ml-intern-sessions/resolve/main/sessions/2025-06-0{}/{uuid}.jsonl", 1 + rng.below(9)),
        19 => format!("static/js/main.{}.chunk.js  {} kB  static/css/main.{}.css", rng.from(HEX, 8), rng.below(900), rng.from(HEX, 8)),
        20 => format!("test result: ok. {} passed; 0 failed; 0 ignored; finished in {}.{}s", rng.below(500), rng.below(60), rng.below(99)),
        21 => format!("SELECT id, created_at FROM runs WHERE user_id = {} AND status = 'done' ORDER BY created_at DESC LIMIT 50;", rng.below(10_000)),
        22 => format!("api_key: ${{OPENAI_API_KEY}}\npassword: <your-password>\nsecret_token: xxxxxxxx\nTOKEN_TTL_SECONDS={}", rng.below(3600)),
        23 => format!("github.com/pkg/errors v0.9.{} h1:{}=\ngithub.com/pkg/errors v0.9.{}/go.mod h1:{}=", rng.below(9), rng.from(B64, 43), rng.below(9), rng.from(B64, 43)),
        24 => format!("  {}: 0x{} - _ZN4core3fmt9Formatter3pad17h{}E\n             at /rustc/{}/library/core/src/fmt/mod.rs:{}:5", rng.below(30), rng.from(HEX, 12), rng.from(HEX, 16), hex40, rng.below(2000)),
        25 => format!("Open https://docs.google.com/document/d/1{}/edit?usp=sharing and https://www.youtube.com/watch?v={}", rng.from(B64URL, 43), rng.from(B64URL, 11)),
        26 => format!("    certificate-authority-data: {}\n    server: https://10.0.0.{}:6443", rng.from(B64, 800), rng.below(250)),
        27 => format!("s3://ml-intern-ckpt/runs/2025-06-0{}/step_{:06}/model-0000{}-of-00004.safetensors", 1 + rng.below(9), rng.below(100_000), 1 + rng.below(4)),
        28 => format!("<div class=\"flex items-center justify-between px-4 py-2 md:px-{} lg:grid-cols-{} hover:bg-slate-{}00\">", rng.below(9), rng.below(6), 1 + rng.below(8)),
        29 => format!("Successfully installed torch-2.{}.0+cu121-cp311-cp311-linux_x86_64 transformers-4.{}.0 tokenizers-0.{}.1", rng.below(6), 30 + rng.below(20), 15 + rng.below(9)),
        30 => format!("at com.example.service.UserAccountRegistrationControllerV{}.handleRequest(UserAccountRegistrationControllerV{}.java:{})", rng.below(9), rng.below(9), rng.below(900)),
        _ => format!("I looked at {} and the loss went from {}.{} to 0.{}; next I will tune the learning rate.", rng.pick(&["train.py", "the config", "src/model.rs"]), rng.below(9), rng.below(99), rng.below(99)),
    }
}
