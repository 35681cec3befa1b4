// The sandbox driven by @kapso/whatsapp-cloud-api, a WhatsApp Cloud API client
// this project did not write, against a sandbox with its default settings (no
// -strict): upload, metadata, download, each media message type by ID and by
// link, delete, and status webhooks checked with the client's signature helper. Node's fetch sends "User-Agent: node", which Meta's OpenAPI
// pattern refuses and the real API takes, so this run also proves the
// sandbox refuses only what WhatsApp refuses.
//
// Run it with `make test-sandbox-client`: scripts/test-sandbox-client.sh starts
// a default sandbox (WHATSAPP_SANDBOX_URL) and a strict one beside it
// (WHATSAPP_STRICT_SANDBOX_URL).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { WhatsAppClient, GraphApiError } from "@kapso/whatsapp-cloud-api";
import { verifySignature, normalizeWebhook } from "@kapso/whatsapp-cloud-api/server";

const baseUrl = process.env.WHATSAPP_SANDBOX_URL;
if (!baseUrl) {
  throw new Error("WHATSAPP_SANDBOX_URL is not set: run `make test-sandbox-client`, which starts a sandbox and sets it");
}
// The sandbox's defaults (whatsapp-sandbox -h); the same settings a real
// account would put here.
const phoneNumberId = process.env.WHATSAPP_PHONE_NUMBER_ID ?? "106540352242922";
const accessToken = process.env.WHATSAPP_ACCESS_TOKEN ?? "sandbox-token";
const appSecret = process.env.WHATSAPP_SANDBOX_APP_SECRET ?? "sandbox-app-secret";
const to = "16315551001";

const client = new WhatsAppClient({ baseUrl, accessToken, graphVersion: "v23.0" });

// Small files of each kind, with the first bytes their format starts with.
const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const files = {
  image: {
    mimeType: "image/png",
    fileName: "logo.png",
    data: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
    extra: { caption: "Our logo" },
    link: "https://example.com/logo.png",
  },
  document: {
    mimeType: "application/pdf",
    fileName: "catalogue.pdf",
    data: bytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
    extra: { caption: "Our new catalogue", filename: "catalogue.pdf" },
    link: "https://example.com/catalogue.pdf",
  },
  video: {
    mimeType: "video/mp4",
    fileName: "welcome.mp4",
    data: bytes([0, 0, 0, 0x18], "ftypisom", [0, 0, 2, 0], "isommp41", [0, 0, 0, 8], "free"),
    extra: { caption: "Welcome aboard" },
    link: "https://example.com/welcome.mp4",
  },
  audio: {
    mimeType: "audio/mpeg",
    fileName: "jingle.mp3",
    data: bytes("ID3", [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x00], Buffer.alloc(413)),
    extra: {},
    link: "https://example.com/jingle.mp3",
  },
  sticker: {
    mimeType: "image/webp",
    fileName: "thanks.webp",
    data: bytes("RIFF", [0x1a, 0, 0, 0], "WEBPVP8L", [0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0]),
    extra: {},
    link: "https://example.com/thanks.webp",
  },
};

const senders = {
  image: (input) => client.messages.sendImage(input),
  document: (input) => client.messages.sendDocument(input),
  video: (input) => client.messages.sendVideo(input),
  audio: (input) => client.messages.sendAudio(input),
  sticker: (input) => client.messages.sendSticker(input),
};

// The control API (no auth): what the sandbox holds, as JSON.
async function sandboxState() {
  const res = await fetch(`${baseUrl}/_sandbox/state`);
  assert.equal(res.status, 200);
  return res.json();
}

before(async () => {
  const res = await fetch(`${baseUrl}/_sandbox/reset`, { method: "POST" });
  assert.equal(res.status, 200, "POST /_sandbox/reset");
});

for (const [type, file] of Object.entries(files)) {
  test(`${type}: upload, metadata, download, send by ID and by link, delete`, async () => {
    const sha256 = createHash("sha256").update(file.data).digest("hex");

    const uploaded = await client.media.upload({
      phoneNumberId,
      type: file.mimeType,
      file: new Blob([file.data], { type: file.mimeType }),
      fileName: file.fileName,
    });
    assert.match(uploaded.id, /^[0-9]+$/, "the media ID is numeric, as Graph's are");
    const stored = (await sandboxState()).media.find((m) => m.id === uploaded.id);
    assert.ok(stored, `the sandbox holds media ${uploaded.id}`);
    assert.equal(stored.content_type, file.mimeType);
    assert.equal(stored.filename, file.fileName);
    assert.equal(stored.sha256, sha256);

    const meta = await client.media.get({ mediaId: uploaded.id });
    assert.equal(meta.id, uploaded.id);
    assert.equal(meta.mimeType, file.mimeType);
    assert.equal(meta.sha256, sha256, "the metadata's sha256 is the hash of the bytes uploaded");
    assert.equal(Number(meta.fileSize), file.data.length);
    assert.equal(meta.messagingProduct, "whatsapp");

    // The download URL needs the access token, as on Graph: "always" sends it.
    const downloaded = Buffer.from(await client.media.download({ mediaId: uploaded.id, auth: "always" }));
    assert.deepEqual(downloaded, file.data, "the downloaded bytes are the uploaded bytes");

    const byId = await senders[type]({ phoneNumberId, to, [type]: { id: uploaded.id, ...file.extra } });
    const byLink = await senders[type]({ phoneNumberId, to, [type]: { link: file.link, ...file.extra } });
    for (const [sent, ref] of [
      [byId, { id: uploaded.id }],
      [byLink, { link: file.link }],
    ]) {
      const messageId = sent.messages?.[0]?.id;
      assert.ok(messageId, `a message ID in ${JSON.stringify(sent)}`);
      assert.equal(sent.messagingProduct, "whatsapp");
      const received = (await sandboxState()).messages.find((m) => m.id === messageId);
      assert.ok(received, `the sandbox received message ${messageId}`);
      assert.equal(received.type, type);
      assert.equal(received.to, to);
      assert.equal(received.flavor, "cloud");
      assert.deepEqual(received.body[type], { ...ref, ...file.extra }, "the body as the client sent it");
    }

    const deleted = await client.media.delete({ mediaId: uploaded.id });
    assert.equal(deleted.success, true);
    await assert.rejects(client.media.get({ mediaId: uploaded.id }), (err) => {
      assert.ok(err instanceof GraphApiError, `a GraphApiError, got ${err}`);
      assert.equal(err.httpStatus, 400);
      assert.equal(err.code, 100, "Graph's code for an object that does not exist");
      return true;
    });
    assert.equal((await sandboxState()).media.find((m) => m.id === uploaded.id), undefined, "deleted media is gone");
  });
}

// This run is a test of the default mode: the client sends node's own
// User-Agent, which breaks the pattern Meta's OpenAPI spec declares, so a
// sandbox started with -strict (the script starts one beside the default one)
// refuses it, as it did every request before the default became lenient.
test("a strict sandbox refuses this client's User-Agent", async () => {
  const strictUrl = process.env.WHATSAPP_STRICT_SANDBOX_URL;
  assert.ok(strictUrl, "WHATSAPP_STRICT_SANDBOX_URL is set by scripts/test-sandbox-client.sh");
  const strict = new WhatsAppClient({ baseUrl: strictUrl, accessToken, graphVersion: "v23.0" });
  await assert.rejects(
    strict.media.upload({ phoneNumberId, type: "image/png", file: new Blob([files.image.data], { type: "image/png" }), fileName: "logo.png" }),
    (err) => {
      assert.ok(err instanceof GraphApiError, `a GraphApiError, got ${err}`);
      assert.equal(err.httpStatus, 400);
      assert.equal(err.code, 100);
      assert.match(err.message, /Param User-Agent is not valid/);
      return true;
    },
  );
});

// What WhatsApp refuses, the sandbox refuses to this client too: a caption on
// audio, and a wrong token, each as the error the client knows how to read.
test("refusals reach the client as Graph errors", async () => {
  await assert.rejects(
    client.messages.sendRaw({
      phoneNumberId,
      payload: { messagingProduct: "whatsapp", to, type: "audio", audio: { link: files.audio.link, caption: "no" } },
    }),
    (err) => err instanceof GraphApiError && err.httpStatus === 400,
  );
  const stranger = new WhatsAppClient({ baseUrl, accessToken: "not-the-token", graphVersion: "v23.0" });
  await assert.rejects(
    stranger.media.get({ mediaId: "1" }),
    (err) => err instanceof GraphApiError && err.httpStatus === 401 && err.code === 190,
  );
});

// A webhook receiver of our own, on loopback, checks every status the sandbox
// posts with the client's own signature helper (X-Hub-Signature-256 under the
// app secret) and reads it with the client's own parser.
test("status webhooks verify with the client's signature helper", async () => {
  const posts = [];
  const receiver = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      posts.push({ rawBody: Buffer.concat(chunks), signatureHeader: req.headers["x-hub-signature-256"] });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    const hook = `http://127.0.0.1:${receiver.address().port}/hook`;
    const set = await fetch(`${baseUrl}/_sandbox/webhooks`, { method: "POST", body: JSON.stringify({ cloud_app_url: hook }) });
    assert.equal(set.status, 200, "POST /_sandbox/webhooks");

    // A free-form message reaches only a customer who wrote in the last 24
    // hours; without this it would end failed with 131047, as on WhatsApp.
    const replied = await fetch(`${baseUrl}/_sandbox/customers/${to}/reply`, { method: "POST" });
    assert.equal(replied.status, 200, "POST /_sandbox/customers/{wa_id}/reply");

    const sent = await client.messages.sendImage({ phoneNumberId, to, image: { link: files.image.link } });
    const messageId = sent.messages[0].id;
    const statusesOf = () =>
      posts
        .flatMap((p) => normalizeWebhook(JSON.parse(p.rawBody.toString("utf8"))).statuses)
        .filter((st) => st.id === messageId)
        .map((st) => st.status);
    for (let waited = 0; !statusesOf().includes("read") && waited < 15000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(statusesOf(), ["sent", "delivered", "read"], "the statuses of the message, in order");
    for (const post of posts) {
      assert.ok(verifySignature({ appSecret, ...post }), `signature ${post.signatureHeader} verifies`);
      assert.equal(verifySignature({ appSecret: "another-secret", ...post }), false, "a wrong secret does not verify");
      const tampered = Buffer.concat([post.rawBody, Buffer.from(" ")]);
      assert.equal(verifySignature({ appSecret, rawBody: tampered, signatureHeader: post.signatureHeader }), false, "a changed body does not verify");
    }
  } finally {
    await fetch(`${baseUrl}/_sandbox/webhooks`, { method: "POST", body: JSON.stringify({ cloud_app_url: "" }) });
    receiver.close();
  }
});
