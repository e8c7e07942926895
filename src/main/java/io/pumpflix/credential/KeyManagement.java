package io.pumpflix.credential;

import io.pumpflix.platform.Audited;
import io.pumpflix.platform.OwnerDatabase;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Key rotation without downtime: a new primary key, then every credential re-encrypted in small
 * committed batches. Interrupted, it is simply run again: it resumes where the credentials under
 * old keys are, and adds no second key while a rotation is unfinished. Works as the tables'
 * owner, across organizations; the database only ever sees ciphertext.
 */
@Component
class KeyManagement {

    static final int BATCH = 200;

    private final OwnerDatabase owner;
    private final KeyringSource keys;
    private final ApplicationEventPublisher events;

    KeyManagement(OwnerDatabase owner, KeyringSource keys, ApplicationEventPublisher events) {
        this.owner = owner;
        this.keys = keys;
        this.events = events;
    }

    /** Credentials per key id stored in the database, in key id order. */
    Map<String, Long> usage() {
        Map<String, Long> usage = new LinkedHashMap<>();
        owner.jdbc().sql("SELECT key_id, credentials FROM pumpflix.credential_key_usage()")
                .query(rs -> {
                    usage.put(rs.getString("key_id"), rs.getLong("credentials"));
                });
        return usage;
    }

    /** Key ids that stored credentials name but the keyring lacks, with how many rows need each. */
    Map<String, Long> missing() {
        Keyring keyring = keys.current();
        Map<String, Long> missing = new LinkedHashMap<>();
        usage().forEach((id, count) -> {
            if (keyring.find(id).isEmpty()) {
                missing.put(id, count);
            }
        });
        return missing;
    }

    void status(PrintStream out) {
        Keyring keyring = keys.current();
        Map<String, Long> usage = usage();
        out.printf("%-24s %12s%n", "key id", "credentials");
        for (String id : keyring.ids()) {
            out.printf("%-24s %12d%s%n", id, usage.getOrDefault(id, 0L),
                    id.equals(keyring.primary().id()) ? "  primary" : "");
        }
        missing().forEach((id, count) -> out.printf("%-24s %12d  MISSING from the keyring: these cannot be decrypted%n",
                id, count));
    }

    /** Returns the number of credentials that could not be re-encrypted (0 on success). */
    int rotate(PrintStream out) {
        if (pendingUnderOldKeys() > 0) {
            out.println("An earlier rotation is unfinished: resuming it under primary key " + keys.current().primary().id());
        } else if (keys.fromFile()) {
            String id = keys.addPrimaryKey();
            out.println("Added key " + id + " to " + keys.keyFile() + " as the primary key");
        } else {
            out.println("Keys come from PUMPFLIX_ENCRYPTION_KEYS: re-encrypting under its last key "
                    + keys.current().primary().id());
        }
        return reencrypt(out, BATCH, Integer.MAX_VALUE);
    }

    private long pendingUnderOldKeys() {
        Keyring keyring = keys.current();
        return usage().entrySet().stream()
                .filter(e -> keyring.find(e.getKey()).isPresent() && !e.getKey().equals(keyring.primary().id()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Re-encrypts up to {@code maxBatches} batches (all, for a rotation; fewer to test an interruption). */
    int reencrypt(PrintStream out, int batchSize, int maxBatches) {
        Keyring keyring = keys.current();
        Keyring.Key primary = keyring.primary();
        String[] oldKeys = keyring.ids().stream().filter(id -> !id.equals(primary.id())).toArray(String[]::new);
        long total = pendingUnderOldKeys();
        List<UUID> failed = new ArrayList<>();
        long done = 0;
        for (int batches = 0; batches < maxBatches; batches++) {
            List<Row> batch = owner.transaction(() -> reencryptBatch(keyring, primary, oldKeys, failed, batchSize));
            if (batch.isEmpty()) {
                break;
            }
            done += batch.stream().filter(Row::reencrypted).count();
            out.printf("\rRe-encrypted %d of %d credentials", done, total);
            out.flush();
        }
        out.println();
        if (!failed.isEmpty()) {
            out.println(failed.size() + " credential(s) could not be decrypted and keep their old key: " + failed);
        }
        out.println("Done. `keys status` shows what each key still protects; `keys retire <id>` removes an unused key.");
        return failed.size();
    }

    private record Row(UUID id, boolean reencrypted) {
    }

    private List<Row> reencryptBatch(Keyring keyring, Keyring.Key primary, String[] oldKeys, List<UUID> failed,
            int batchSize) {
        record Stored(UUID id, UUID organizationId, String value) {
        }
        List<Stored> rows = owner.jdbc().sql("""
                SELECT id, organization_id, encrypted_value FROM public.credentials
                WHERE split_part(encrypted_value, ':', 2) = ANY (?) AND id <> ALL (?)
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(oldKeys, failed.toArray(UUID[]::new), batchSize)
                .query((rs, n) -> new Stored(rs.getObject("id", UUID.class), rs.getObject("organization_id", UUID.class),
                        rs.getString("encrypted_value")))
                .list();
        List<Row> result = new ArrayList<>();
        for (Stored row : rows) {
            try {
                byte[] plaintext = CredentialCipher.decrypt(keyring, row.organizationId(), row.id(), row.value());
                String reencrypted = CredentialCipher.encrypt(primary, row.organizationId(), row.id(), plaintext);
                owner.jdbc().sql("UPDATE public.credentials SET encrypted_value = ? WHERE id = ?")
                        .params(reencrypted, row.id()).update();
                events.publishEvent(Audited.maintenance(row.organizationId(), "credential.reencrypted", "credential",
                        row.id(), Map.of("from", CredentialCipher.keyIdOf(row.value()), "to", primary.id())));
                result.add(new Row(row.id(), true));
            } catch (CredentialUnreadableException e) {
                failed.add(row.id());
                result.add(new Row(row.id(), false));
            }
        }
        return result;
    }

    /** Removes a key from the key file once no credential uses it. */
    void retire(String id, PrintStream out) {
        Keyring keyring = keys.current();
        if (keyring.find(id).isEmpty()) {
            throw new IllegalArgumentException("key " + id + " is not in the keyring");
        }
        if (keyring.primary().id().equals(id)) {
            throw new IllegalArgumentException("key " + id + " is the primary key: rotate to a new key first");
        }
        long inUse = usage().getOrDefault(id, 0L);
        if (inUse > 0) {
            throw new IllegalArgumentException("key " + id + " still protects " + inUse
                    + " credential(s): run `keys rotate` first");
        }
        keys.removeKey(id);
        out.println("Retired key " + id);
    }
}
