package org.mfa4j.provider.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * Renders text as a QR code PNG on this machine: ZXing core computes the modules, and a minimal 1-bit
 * grayscale PNG encoder (IHDR, one zlib IDAT, IEND) writes them, so neither {@code java.desktop} nor a
 * remote QR service is involved. The otpauth URI holds the secret: it must never leave the server.
 */
final class QrCodePng {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int QUIET_ZONE_MODULES = 4;

    private QrCodePng() {
    }

    /** The PNG of {@code text}, {@code scale} pixels per module, with the standard four-module quiet zone. */
    static byte[] render(String text, int scale) {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.MARGIN, QUIET_ZONE_MODULES));
        } catch (WriterException e) {
            throw new IllegalStateException("the otpauth URI does not fit in a QR code", e);
        }
        int size = modules.getWidth() * scale;
        ByteArrayOutputStream png = new ByteArrayOutputStream(size * size / 8 / 4 + 256);
        try {
            png.write(SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream(13);
            writeInt(header, size);
            writeInt(header, size);
            header.write(new byte[] {1, 0, 0, 0, 0}); // 1 bit per pixel, grayscale, deflate, no filter, no interlace
            chunk(png, "IHDR", header.toByteArray());
            chunk(png, "IDAT", pixels(modules, scale, size));
            chunk(png, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory PNG encoding failed", e);
        }
        return png.toByteArray();
    }

    /** Scan lines (filter byte 0, then bits MSB first; 1 is white), zlib-compressed. */
    private static byte[] pixels(BitMatrix modules, int scale, int size) throws IOException {
        int rowBytes = (size + 7) / 8;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
            byte[] row = new byte[rowBytes + 1];
            for (int y = 0; y < size; y++) {
                java.util.Arrays.fill(row, (byte) 0);
                for (int x = 0; x < size; x++) {
                    if (!modules.get(x / scale, y / scale)) {
                        row[1 + x / 8] |= (byte) (0x80 >>> (x % 8));
                    }
                }
                z.write(row);
            }
        }
        return raw.toByteArray();
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(out, data.length);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
