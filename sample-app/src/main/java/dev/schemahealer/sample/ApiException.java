package dev.schemahealer.sample;

/** A request the API refuses, with the HTTP status to answer: bad input (400) or an unknown resource (404). */
public final class ApiException extends RuntimeException {

    private final int status;

    private ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public int status() {
        return status;
    }
}
