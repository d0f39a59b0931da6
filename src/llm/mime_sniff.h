// Attachment type detection from the first bytes of a file, for -a and for a
// URL whose server sends no usable Content-Type. llm uses the puremagic
// library; llmbox recognises the types its providers accept from their magic
// numbers and nothing else, so an unknown file is refused rather than guessed.
// Magic numbers: PNG (RFC 2083 s12.11), JPEG (JFIF/Exif SOI marker), GIF87a/89a,
// WebP and WAV (RIFF containers), PDF ("%PDF-"), MP3 (ID3v2 tag or an MPEG
// audio frame sync).
#pragma once

#include <string>
#include <string_view>

namespace llmbox {

// How many leading bytes SniffMimeType looks at.
inline constexpr size_t kMimeSniffBytes = 16;

// The MIME type llm would record (image/png, image/jpeg, image/gif,
// image/webp, application/pdf, audio/wav, audio/mpeg), or "" when unknown.
std::string SniffMimeType(std::string_view head);

// "image/png; charset=x" -> "image/png": the bare, lower-case type of a
// Content-Type header value.
std::string BareMimeType(std::string_view content_type);

}  // namespace llmbox
