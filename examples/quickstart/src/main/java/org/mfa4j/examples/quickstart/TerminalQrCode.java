package org.mfa4j.examples.quickstart;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Draws a QR code with characters, computed on this machine by ZXing (the text holds a secret: it never
 * goes to a QR service).
 *
 * <ul>
 *   <li>Unicode: half blocks, two module rows per line ({@code ▀ ▄ █} and space).</li>
 *   <li>ASCII: two characters per module, one module row per line.</li>
 *   <li>Colour: the light modules are drawn bright white on black (ANSI), so the code scans on dark and
 *       light terminal themes alike. Without colour the characters are the dark modules ("ink"), as on
 *       paper.</li>
 * </ul>
 */
final class TerminalQrCode {

    static final String UNICODE_CHARACTERS = "\u2580\u2584\u2588";
    static final int QUIET_ZONE = 2;

    private static final char UPPER = '\u2580';
    private static final char LOWER = '\u2584';
    private static final char FULL = '\u2588';
    private static final String WHITE_ON_BLACK = "\u001b[97;40m";
    private static final String WHITE_BACKGROUND = "\u001b[107m";
    private static final String BLACK_BACKGROUND = "\u001b[40m";
    private static final String RESET = "\u001b[0m";

    private TerminalQrCode() {
    }

    /** ZXing's modules of {@code text}, one bit per module ({@code true} is dark), with a quiet zone. */
    static BitMatrix modules(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L,
                            EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the text does not fit in a QR code", e);
        }
    }

    static List<String> render(String text, boolean unicode, boolean color) {
        BitMatrix m = modules(text);
        return unicode ? halfBlocks(m, color) : pairs(m, color);
    }

    private static List<String> halfBlocks(BitMatrix m, boolean color) {
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < m.getHeight(); y += 2) {
            StringBuilder sb = new StringBuilder(m.getWidth() + 16);
            if (color) {
                sb.append(WHITE_ON_BLACK);
            }
            for (int x = 0; x < m.getWidth(); x++) {
                boolean top = m.get(x, y);
                boolean bottom = y + 1 < m.getHeight() && m.get(x, y + 1);
                // With colour the characters draw the light modules; without, the dark ones.
                boolean drawTop = color != top;
                boolean drawBottom = color != bottom && (y + 1 < m.getHeight() || !color);
                sb.append(drawTop ? drawBottom ? FULL : UPPER : drawBottom ? LOWER : ' ');
            }
            if (color) {
                sb.append(RESET);
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    private static List<String> pairs(BitMatrix m, boolean color) {
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < m.getHeight(); y++) {
            StringBuilder sb = new StringBuilder();
            Boolean previous = null;
            for (int x = 0; x < m.getWidth(); x++) {
                boolean dark = m.get(x, y);
                if (color) {
                    if (previous == null || previous != dark) {
                        sb.append(dark ? BLACK_BACKGROUND : WHITE_BACKGROUND);
                    }
                    sb.append("  ");
                } else {
                    sb.append(dark ? "##" : "  ");
                }
                previous = dark;
            }
            if (color) {
                sb.append(RESET);
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
