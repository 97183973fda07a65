package org.mfa4j.provider.duo;

import com.duosecurity.Client;
import com.duosecurity.service.DuoConnector;
import java.lang.reflect.Field;
import okhttp3.OkHttpClient;
import org.mfa4j.MfaConfigurationException;
import retrofit2.Retrofit;

/**
 * Sets the timeouts and the no-retry rule on the HTTP client inside a built {@link Client}. The SDK (1.3.1)
 * builds its OkHttp client with OkHttp's defaults (10 seconds per connect, read and write, no limit on a
 * whole call; silent retries on connection failures and redirects followed, a POST included) and offers
 * no setting for any of them. Its connector keeps that client in a protected field; this class derives a
 * client from it with {@link OkHttpClient#newBuilder()}, so the SDK's certificate pins, proxy, TLS setup
 * and connection pool stay exactly as the SDK made them, and only these change:
 * <ul>
 *   <li>connect, read, write and call timeouts from {@link DuoSettings};</li>
 *   <li>no retry on a connection failure: a code exchange is single use, and OkHttp would resend the
 *       POST after a connection dropped with the request already sent;</li>
 *   <li>no redirects: an API answer of Duo never redirects, and a followed 307 would resend the code.</li>
 * </ul>
 * The two fields are read by reflection, once per gateway; if a future SDK moves them, the gateway fails
 * to build with a message that says so, rather than running with untuned timeouts.
 */
final class SdkHttp {

    private SdkHttp() {
    }

    static void tune(Client client, DuoSettings settings) {
        try {
            DuoConnector connector = (DuoConnector) field(Client.class, "duoConnector").get(client);
            Field retrofitField = field(DuoConnector.class, "retrofit");
            Retrofit retrofit = (Retrofit) retrofitField.get(connector);
            OkHttpClient http = (OkHttpClient) retrofit.callFactory();
            OkHttpClient tuned = http.newBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .readTimeout(settings.readTimeout())
                    .writeTimeout(settings.readTimeout())
                    .callTimeout(settings.callTimeout())
                    .retryOnConnectionFailure(false)
                    .followRedirects(false)
                    .followSslRedirects(false)
                    .build();
            retrofitField.set(connector, retrofit.newBuilder().client(tuned).build());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new MfaConfigurationException("this duo-universal-sdk does not keep its HTTP client where"
                    + " version 1.3.1 does, so mfa4j cannot set its timeouts: use duo-universal-sdk 1.3.1", e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
