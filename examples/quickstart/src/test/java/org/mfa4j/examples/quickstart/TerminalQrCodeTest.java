package org.mfa4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every drawing of the QR code, read back module by module, is the code ZXing made and decodes to the URI. */
class TerminalQrCodeTest {

    private static final String URI = "otpauth://totp/mfa4j%20quick%20start:demo?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=mfa4j%20quick%20start";

    @ParameterizedTest(name = "unicode={0}, colour={1}")
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void theDrawingIsTheCodeAndScans(boolean unicode, boolean color) throws Exception {
        List<String> lines = TerminalQrCode.render(URI, unicode, color);
        BitMatrix expected = TerminalQrCode.modules(URI);

        boolean[][] dark = unicode ? readHalfBlocks(lines, color, expected.getHeight()) : readPairs(lines, color);

        assertThat(dark.length).isEqualTo(expected.getHeight());
        for (int y = 0; y < dark.length; y++) {
            assertThat(dark[y].length).isEqualTo(expected.getWidth());
            for (int x = 0; x < dark[y].length; x++) {
                assertThat(dark[y][x]).as("module %d,%d", x, y).isEqualTo(expected.get(x, y));
            }
        }
        assertThat(decode(dark)).isEqualTo(URI);
        assertThat(String.join("", lines).chars().anyMatch(c -> c == 0x1b)).isEqualTo(color);
    }

    private static boolean[][] readHalfBlocks(List<String> lines, boolean color, int height) {
        boolean[][] dark = new boolean[height][];
        for (int i = 0; i < lines.size(); i++) {
            String cells = stripAnsi(lines.get(i));
            boolean[] top = new boolean[cells.length()];
            boolean[] bottom = new boolean[cells.length()];
            for (int x = 0; x < cells.length(); x++) {
                char c = cells.charAt(x);
                boolean drawnTop = c == '\u2588' || c == '\u2580';
                boolean drawnBottom = c == '\u2588' || c == '\u2584';
                // With colour the characters are the light modules, without it the dark ones.
                top[x] = color != drawnTop;
                bottom[x] = color != drawnBottom;
            }
            dark[2 * i] = top;
            if (2 * i + 1 < height) {
                dark[2 * i + 1] = bottom;
            }
        }
        return dark;
    }

    private static boolean[][] readPairs(List<String> lines, boolean color) {
        boolean[][] dark = new boolean[lines.size()][];
        for (int y = 0; y < lines.size(); y++) {
            String line = lines.get(y);
            List<Boolean> row = new ArrayList<>();
            boolean background = false;
            for (int i = 0; i < line.length(); ) {
                if (line.charAt(i) == 0x1b) {
                    int end = line.indexOf('m', i);
                    String code = line.substring(i + 2, end);
                    background = code.equals("40");
                    i = end + 1;
                } else {
                    String pair = line.substring(i, i + 2);
                    row.add(color ? background : pair.equals("##"));
                    i += 2;
                }
            }
            dark[y] = new boolean[row.size()];
            for (int x = 0; x < row.size(); x++) {
                dark[y][x] = row.get(x);
            }
        }
        return dark;
    }

    private static String stripAnsi(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    /** ZXing's reader on an image of the modules, four pixels each. */
    private static String decode(boolean[][] dark) throws Exception {
        int scale = 4;
        int h = dark.length * scale;
        int w = dark[0].length * scale;
        int[] pixels = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = dark[y / scale][x / scale] ? 0xff000000 : 0xffffffff;
            }
        }
        BinaryBitmap image = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
        return new QRCodeReader().decode(image, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
