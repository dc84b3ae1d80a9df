package chat.mindroom.operator.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where backup parts are kept: a local directory or an S3-compatible bucket. Parts are staged on
 * local disk first (streamed from the host, hashed on the way), then stored whole from that file.
 */
public interface BackupStorage {

    /** {@code local} or {@code s3}, recorded with each backup. */
    String kind();

    /** Stores the staged file under {@code key} (the file may be moved away); returns the part's location. */
    String put(String key, Path staged, long size, String sha256) throws IOException;

    /** Opens a stored part for reading. */
    InputStream open(String location) throws IOException;

    /** Deletes a stored part; deleting one that is gone is not an error. */
    void delete(String location) throws IOException;

    /** Where parts go, for logs and the runbook ({@code /var/backups}, {@code s3://bucket}); never credentials. */
    String describe();
}
