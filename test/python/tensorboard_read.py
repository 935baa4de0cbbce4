# Reads TensorBoard event files independently of torchts, for test/tensorboard.test.ts and
# test/lenet5.test.ts: a minimal TFRecord reader that checks both masked CRC32Cs of every record
# with a bitwise reference CRC32C, and a minimal protobuf decoder for Event/Summary/Value that
# refuses any field or wire type it does not know. Where google.protobuf is importable (Debian's
# python3-protobuf), it parses every record too, with Event/Summary/Value built from descriptors,
# and where TensorBoard is importable, its own EventFileLoader reads the files; both must agree.
#   python3 tensorboard_read.py PATH...   (files, or folders searched for events.out.tfevents.*)
# prints JSON: {"tensorboard": bool, "protobuf": bool, "files": [{"file", "events": [{"wall_time", "step",
# "file_version"?, "scalars": [{"tag", "value"}]}]}]}
import json
import os
import struct
import sys


def crc32c(data):
    """CRC32C (Castagnoli), bit by bit from the reflected polynomial 0x82F63B78."""
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283, "reference CRC32C is wrong"


def records(blob):
    pos = 0
    while pos < len(blob):
        if len(blob) - pos < 12:
            raise ValueError(f"truncated record header at byte {pos}")
        header = blob[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (len_crc,) = struct.unpack("<I", blob[pos + 8:pos + 12])
        if len_crc != masked(crc32c(header)):
            raise ValueError(f"length CRC mismatch at byte {pos}")
        data = blob[pos + 12:pos + 12 + length]
        if len(data) != length or len(blob) < pos + 16 + length:
            raise ValueError(f"truncated record at byte {pos}")
        (data_crc,) = struct.unpack("<I", blob[pos + 12 + length:pos + 16 + length])
        if data_crc != masked(crc32c(data)):
            raise ValueError(f"data CRC mismatch at byte {pos}")
        yield data
        pos += 16 + length


def varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def fields(buf):
    """(field number, wire type, value) for each field of a message."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        num, wire = key >> 3, key & 7
        if wire == 0:
            val, pos = varint(buf, pos)
        elif wire == 1:
            val, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = varint(buf, pos)
            val, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            val, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        if pos > len(buf):
            raise ValueError("field runs past the message")
        yield num, wire, val


def decode_value(buf):
    out = {}
    for num, wire, val in fields(buf):
        if (num, wire) == (1, 2):
            out["tag"] = val.decode("utf-8")
        elif (num, wire) == (2, 5):
            out["value"] = struct.unpack("<f", val)[0]
        else:
            raise ValueError(f"unexpected Summary.Value field {num} (wire type {wire})")
    return out


def decode_event(buf):
    ev = {"wall_time": 0.0, "step": 0, "scalars": []}
    for num, wire, val in fields(buf):
        if (num, wire) == (1, 1):
            ev["wall_time"] = struct.unpack("<d", val)[0]
        elif (num, wire) == (2, 0):
            ev["step"] = val - (1 << 64) if val >= 1 << 63 else val
        elif (num, wire) == (3, 2):
            ev["file_version"] = val.decode("utf-8")
        elif (num, wire) == (5, 2):
            for n2, w2, v2 in fields(val):
                if (n2, w2) != (1, 2):
                    raise ValueError(f"unexpected Summary field {n2} (wire type {w2})")
                ev["scalars"].append(decode_value(v2))
        else:
            raise ValueError(f"unexpected Event field {num} (wire type {wire})")
    return ev


def read_file(path):
    with open(path, "rb") as f:
        return [decode_event(r) for r in records(f.read())]


def protobuf_event_class():
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    fd = descriptor_pb2.FileDescriptorProto(name="tb_event.proto", package="tbcheck", syntax="proto3")
    opt = descriptor_pb2.FieldDescriptorProto
    value = fd.message_type.add(name="Value")
    value.field.add(name="tag", number=1, type=opt.TYPE_STRING, label=opt.LABEL_OPTIONAL)
    value.field.add(name="simple_value", number=2, type=opt.TYPE_FLOAT, label=opt.LABEL_OPTIONAL)
    summary = fd.message_type.add(name="Summary")
    summary.field.add(name="value", number=1, type=opt.TYPE_MESSAGE, label=opt.LABEL_REPEATED,
                      type_name=".tbcheck.Value")
    event = fd.message_type.add(name="Event")
    event.oneof_decl.add(name="what")
    event.field.add(name="wall_time", number=1, type=opt.TYPE_DOUBLE, label=opt.LABEL_OPTIONAL)
    event.field.add(name="step", number=2, type=opt.TYPE_INT64, label=opt.LABEL_OPTIONAL)
    event.field.add(name="file_version", number=3, type=opt.TYPE_STRING, label=opt.LABEL_OPTIONAL, oneof_index=0)
    event.field.add(name="summary", number=5, type=opt.TYPE_MESSAGE, label=opt.LABEL_OPTIONAL,
                    type_name=".tbcheck.Summary", oneof_index=0)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fd)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName("tbcheck.Event"))


def read_with_protobuf(path, event_class):
    out = []
    with open(path, "rb") as f:
        for r in records(f.read()):
            e = event_class()
            e.ParseFromString(r)
            ev = {"wall_time": e.wall_time, "step": e.step, "scalars": []}
            if e.WhichOneof("what") == "file_version":
                ev["file_version"] = e.file_version
            ev["scalars"] = [{"tag": v.tag, "value": v.simple_value} for v in e.summary.value]
            out.append(ev)
    return out


def read_with_tensorboard(path):
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

    out = []
    for e in EventFileLoader(path).Load():
        ev = {"wall_time": e.wall_time, "step": e.step, "scalars": []}
        if e.HasField("file_version"):
            ev["file_version"] = e.file_version
        for v in e.summary.value:
            # EventFileLoader turns simple_value into a scalar tensor (data-compat); both carry the float.
            value = v.simple_value if v.HasField("simple_value") else float(v.tensor.float_val[0])
            ev["scalars"].append({"tag": v.tag, "value": value})
        out.append(ev)
    return out


def event_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in sorted(os.walk(p)):
                for n in sorted(names):
                    if n.startswith("events.out.tfevents."):
                        yield os.path.join(root, n)
        else:
            yield p


def main(paths):
    try:
        import tensorboard  # noqa: F401

        have_tb = True
    except ImportError:
        have_tb = False
    try:
        event_class = protobuf_event_class()
    except ImportError:
        event_class = None
    files = []
    for f in event_files(paths):
        events = read_file(f)
        if event_class is not None and read_with_protobuf(f, event_class) != events:
            raise ValueError(f"google.protobuf reads {f} differently")
        if have_tb and read_with_tensorboard(f) != events:
            raise ValueError(f"TensorBoard reads {f} differently")
        files.append({"file": f, "events": events})
    print(json.dumps({"tensorboard": have_tb, "protobuf": event_class is not None, "files": files}))


if __name__ == "__main__":
    main(sys.argv[1:])
