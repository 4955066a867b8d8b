"""A certificate authority made at test time (the cryptography package): a root, and a signing
key and certificate it issued, as PEM files and as one PKCS#12 file. No key is ever committed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TestCA:
    root: Path  # the root certificate (PEM): what a validator trusts
    key: Path  # the signer's private key (PEM)
    cert: Path  # the signer's certificate (PEM), issued by the root
    pkcs12: Path  # key and certificate in one file, passphrase "desk"
    tsa_key: Path  # a timestamp authority's key and certificate (PEM), issued by the root
    tsa_cert: Path


def make_ca(folder: Path, signer: str = "Test Desk Release") -> TestCA:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Desk")])

    root_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = (x509.CertificateBuilder().subject_name(name("Test Root CA")).issuer_name(name("Test Root CA"))
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(name(signer)).issuer_name(root.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's responder signs RSA only
    tsa = (x509.CertificateBuilder().subject_name(name("Test Timestamps")).issuer_name(root.subject)
           .public_key(tsa_key.public_key()).serial_number(x509.random_serial_number())
           .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
           .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
           .sign(root_key, hashes.SHA256()))
    ca = TestCA(folder / "root.pem", folder / "desk-key.pem", folder / "desk-cert.pem", folder / "desk.p12",
                folder / "tsa-key.pem", folder / "tsa-cert.pem")
    ca.tsa_cert.write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    ca.tsa_key.write_bytes(tsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    pem = serialization.Encoding.PEM
    ca.root.write_bytes(root.public_bytes(pem))
    ca.cert.write_bytes(cert.public_bytes(pem))
    ca.key.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    ca.pkcs12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"desk", key, cert, [root], serialization.BestAvailableEncryption(b"desk")))
    return ca


def serve_timestamps(ca: TestCA):
    """A timestamp authority on a local port (RFC 3161 over HTTP, pyHanko's test responder);
    returns (its URL, a function that stops it)."""
    import threading
    import warnings
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from asn1crypto import keys, pem, tsp, x509 as asn1_x509

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    def load(path, kind):
        return kind.load(pem.unarmor(path.read_bytes())[2])

    stamper = DummyTimeStamper(load(ca.tsa_cert, asn1_x509.Certificate), load(ca.tsa_key, keys.PrivateKeyInfo))

    class Responder(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Responder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server.shutdown
